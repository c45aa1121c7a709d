import { readFileSync } from 'node:fs';
import { type CompiledRegistry, InputError, parseRegistry } from '../domain/index.js';
import { BUNDLED_AGREEMENTS } from './paths.js';

/** Reads a text file; a missing or unreadable file is an InputError naming it. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(
      { input: path },
      code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`,
    );
  }
}

/** The agreements registry from `path`, or the bundled one. */
export function loadRegistry(path: string | undefined): CompiledRegistry {
  const file = path ?? BUNDLED_AGREEMENTS;
  return parseRegistry(readText(file), file);
}
