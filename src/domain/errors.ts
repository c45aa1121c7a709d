/**
 * Errors a user can cause: a bad file, marking, nation, topic or date. Each names the input and,
 * where it has one, the place in it (field path, line and column, 1-based). They are values to
 * report, never reasons for a node to stop.
 */
export interface InputPlace {
  /** What was read: a file name, a command-line option (`--marking`), or a message source. */
  readonly input: string;
  /** Dotted path of the offending field, e.g. `agreements[2].history[0].date`. */
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
}

export class InputError extends Error implements InputPlace {
  override name = 'InputError';
  readonly input: string;
  readonly field?: string;
  readonly line?: number;
  readonly column?: number;
  /** The problem without the place, e.g. `unknown nation 'XYZ'`. */
  readonly problem: string;

  constructor(place: InputPlace, problem: string) {
    super(`${describePlace(place)}: ${problem}`);
    this.input = place.input;
    if (place.field !== undefined) this.field = place.field;
    if (place.line !== undefined) this.line = place.line;
    if (place.column !== undefined) this.column = place.column;
    this.problem = problem;
  }
}

export class UnknownNationError extends InputError {
  override name = 'UnknownNationError';
}
export class UnknownTopicError extends InputError {
  override name = 'UnknownTopicError';
}
export class MarkingParseError extends InputError {
  override name = 'MarkingParseError';
}
export class DateError extends InputError {
  override name = 'DateError';
}
/** A data file (YAML, CSV) that does not fit its schema. */
export class DataFileError extends InputError {
  override name = 'DataFileError';
}

/** `file.yaml:12:5 (agreements[2].parties)` or `--marking, column 8`. */
export function describePlace(p: InputPlace): string {
  let s = p.input;
  if (p.line !== undefined) {
    s += `:${p.line}`;
    if (p.column !== undefined) s += `:${p.column}`;
  } else if (p.column !== undefined) {
    s += `, column ${p.column}`;
  }
  if (p.field !== undefined && p.field !== '') s += ` (${p.field})`;
  return s;
}
