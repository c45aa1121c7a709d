import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CompiledRegistry, parseRegistry } from '../../src/domain/index.js';

export const AGREEMENTS_FILE = join(import.meta.dirname, '..', '..', 'data', 'agreements.yaml');

/** The bundled registry, as the CLI reads it. */
export function bundledRegistry(): CompiledRegistry {
  return parseRegistry(readFileSync(AGREEMENTS_FILE, 'utf8'), AGREEMENTS_FILE);
}
