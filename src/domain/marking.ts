import { levelById, parseLevel } from './classification.js';
import { MarkingParseError } from './errors.js';
import { compareRelTo, isNation, type Nation } from './nations.js';

/**
 * A security marking: the originator's level, who it may be released to, and its caveats.
 * The level is the originator's own (an item keeps it); a recipient shows its equivalent.
 */
export interface Marking {
  readonly originator: Nation;
  /** Level id in the originator's scheme (`SECRET`, `GOKUHI`, `GRADE II`). */
  readonly level: string;
  /** REL TO list in CAPCO order (USA first, then alphabetical), or null when there is none. */
  readonly relTo: readonly Nation[] | null;
  /** Not releasable to any foreign nation. */
  readonly noforn: boolean;
  /** Originator-controlled: any further dissemination needs the originator's explicit consent. */
  readonly orcon: boolean;
}

export interface ParseMarkingOptions {
  /** Whose words the classification is in when the banner has no `//NATION` prefix (default USA). */
  readonly originator?: Nation;
  /** Where the text came from, for errors (default `marking`). */
  readonly input?: string;
}

/**
 * Parses a CAPCO-style banner. US information: `SECRET//REL TO USA, JPN, KOR`; foreign
 * information carries its originator: `//JPN SECRET//REL TO USA, JPN, KOR`. Levels may be given
 * in the originator's words (`GOKUHI`, `군사 II급비밀`) or their English treaty equivalents.
 * Errors name the offending token and its 1-based column.
 * @example parseMarking('SECRET//ORCON/REL TO USA, KOR, JPN').relTo // ['USA', 'JPN', 'KOR']
 */
export function parseMarking(text: string, options: ParseMarkingOptions = {}): Marking {
  const input = options.input ?? 'marking';
  const fail = (column: number, problem: string): never => {
    throw new MarkingParseError({ input, column }, problem);
  };
  if (text.trim() === '') fail(1, 'empty marking');

  let pos = 0;
  let originator: Nation = options.originator ?? 'USA';
  if (text.startsWith('//')) {
    // Foreign government information: `//JPN SECRET`.
    pos = 2;
    const m = /^([A-Za-z]{3})\s+/.exec(text.slice(pos));
    if (!m)
      fail(
        pos + 1,
        `expected a nation trigraph and a level after '//', found '${text.slice(pos).split('//')[0]}'`,
      );
    const code = m![1]!.toUpperCase();
    if (!isNation(code)) fail(pos + 1, `unknown nation '${m![1]}' in the classification`);
    if (options.originator !== undefined && options.originator !== code) {
      fail(
        pos + 1,
        `the marking names originator ${code} but the item's originator is ${options.originator}`,
      );
    }
    originator = code as Nation;
    pos += m![0].length;
  }

  const segments = splitKeepingColumns(text.slice(pos), '//', pos);
  const [classSeg, dissemSeg, ...extra] = segments;
  if (extra.length > 0) {
    // Categories between the classification and the dissemination controls (SCI, SAP, ...) are not modelled.
    fail(
      dissemSeg!.column,
      `unsupported marking category '${dissemSeg!.text.trim()}' (Concord reads the classification and dissemination controls)`,
    );
  }
  const levelWord = classSeg!.text.trim();
  if (levelWord === '') fail(classSeg!.column, 'missing classification level');
  const level = parseLevel(originator, levelWord, input, classSeg!.column + leadingSpace(classSeg!.text));

  let relTo: Nation[] | null = null;
  let noforn = false;
  let orcon = false;
  if (dissemSeg) {
    const controls = splitKeepingColumns(dissemSeg.text, '/', dissemSeg.column - 1);
    const seen = new Set<string>();
    for (const c of controls) {
      const token = c.text.trim();
      const column = c.column + leadingSpace(c.text);
      if (token === '') fail(column, 'empty dissemination control');
      const key = token.startsWith('REL TO') ? 'REL TO' : token;
      if (seen.has(key)) fail(column, `'${key}' appears twice`);
      seen.add(key);
      if (token === 'NOFORN') noforn = true;
      else if (token === 'ORCON') orcon = true;
      else if (token.startsWith('REL TO ')) relTo = parseRelTo(token, column, originator, fail);
      else fail(column, `unknown dissemination control '${token}' (known: ORCON, NOFORN, REL TO)`);
    }
  }
  if (noforn && relTo) fail(dissemSeg!.column, 'REL TO cannot be combined with NOFORN');
  return { originator, level: level.id, relTo, noforn, orcon };
}

function parseRelTo(
  token: string,
  column: number,
  originator: Nation,
  fail: (column: number, problem: string) => never,
): Nation[] {
  const list = splitKeepingColumns(token.slice('REL TO '.length), ',', column - 1 + 'REL TO '.length);
  const nations: Nation[] = [];
  for (const item of list) {
    const code = item.text.trim();
    const at = item.column + leadingSpace(item.text);
    if (!isNation(code)) fail(at, `unknown nation '${code}' in REL TO`);
    if (nations.includes(code as Nation)) fail(at, `'${code}' appears twice in REL TO`);
    nations.push(code as Nation);
  }
  if (!nations.includes(originator)) fail(column, `REL TO must include the originator ${originator}`);
  if (nations.length < 2) fail(column, `REL TO ${originator} alone is not a release: use NOFORN`);
  return nations.sort(compareRelTo);
}

/**
 * Formats a marking as its canonical banner (English equivalents for foreign levels).
 * @example formatMarking({ originator: 'JPN', level: 'GOKUHI', relTo: ['USA', 'JPN'], noforn: false, orcon: false })
 * // '//JPN SECRET//REL TO USA, JPN'
 */
export function formatMarking(m: Marking): string {
  const level = levelById(m.originator, m.level);
  let s = m.originator === 'USA' ? level.id : `//${m.originator} ${level.english}`;
  const controls: string[] = [];
  if (m.orcon) controls.push('ORCON');
  if (m.noforn) controls.push('NOFORN');
  if (m.relTo) controls.push(`REL TO ${[...m.relTo].sort(compareRelTo).join(', ')}`);
  if (controls.length > 0) s += `//${controls.join('/')}`;
  return s;
}

/** The English equivalent of a marking's level, e.g. `SECRET` for `GOKUHI`. */
export function englishLevel(m: Marking): string {
  return levelById(m.originator, m.level).english;
}

/** True when the level is above the originator's unclassified level. */
export function isClassified(m: Marking): boolean {
  return levelById(m.originator, m.level).rank > 0;
}

interface Piece {
  readonly text: string;
  /** 1-based column of the piece's first character in the whole marking. */
  readonly column: number;
}

/** Splits on `sep`; `offset` is the 0-based position of `text` within the whole marking. */
function splitKeepingColumns(text: string, sep: string, offset: number): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  for (;;) {
    const at = text.indexOf(sep, start);
    const end = at === -1 ? text.length : at;
    pieces.push({ text: text.slice(start, end), column: offset + start + 1 });
    if (at === -1) return pieces;
    start = at + sep.length;
  }
}

function leadingSpace(s: string): number {
  return s.length - s.trimStart().length;
}
