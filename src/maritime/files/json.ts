import { DataFileError } from '../../domain/index.js';

/** JSON.parse, with a syntax error reported at its line and column in `input`. */
export function parseJsonText(text: string, input: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    const lc = /line (\d+) column (\d+)/.exec(msg);
    if (lc)
      throw new DataFileError(
        { input, line: Number(lc[1]), column: Number(lc[2]) },
        `not valid JSON: ${msg}`,
      );
    const pos = /position (\d+)/.exec(msg);
    if (pos) {
      const before = text.slice(0, Number(pos[1]));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      throw new DataFileError({ input, line, column }, `not valid JSON: ${msg}`);
    }
    throw new DataFileError({ input }, `not valid JSON: ${msg}`);
  }
}
