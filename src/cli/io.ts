import { BUNDLED_AGREEMENTS, readText } from '../bundled/index.js';
import { type CompiledRegistry, parseRegistry } from '../domain/index.js';

/** The agreements registry from `path`, or the bundled one. */
export function loadRegistry(path: string | undefined): CompiledRegistry {
  const file = path ?? BUNDLED_AGREEMENTS;
  return parseRegistry(readText(file), file);
}
