import { readFileSync } from 'node:fs';
import { InputError } from '../domain/index.js';

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
