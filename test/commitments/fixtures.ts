import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CommitmentsRegistry, parseCommitments, type TextFile } from '../../src/commitments/index.js';

export const DATA_DIR = join(import.meta.dirname, '..', '..', 'data', 'commitments');

/** The bundled data files, as the CLI reads them (every .yaml in the folder, by name). */
export function bundledFiles(): TextFile[] {
  return readdirSync(DATA_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: join(DATA_DIR, f), text: readFileSync(join(DATA_DIR, f), 'utf8') }));
}

export function bundled(): CommitmentsRegistry {
  return parseCommitments(bundledFiles());
}
