import type { Nation } from '../domain/index.js';
import type { ConsultationState } from './model.js';

/** A readout sentence that reworks a sentence of the agreed text, and the words that differ. */
export interface ChangedSentence {
  readonly agreed: string;
  readonly readout: string;
  /** Words of the readout sentence that the agreed sentence lacks (e.g. a name the joint text avoided). */
  readonly wordsAdded: readonly string[];
  readonly wordsRemoved: readonly string[];
}

export interface TextDivergence {
  /** Readout sentences with no counterpart in the agreed text. */
  readonly added: readonly string[];
  /** Agreed sentences the readout leaves out. */
  readonly missing: readonly string[];
  /** Pairs of sentences that say nearly the same thing in different words. */
  readonly changed: readonly ChangedSentence[];
}

export interface ReadoutDivergence extends TextDivergence {
  readonly nation: Nation;
  /** The readout compared: the nation's latest for the statement. */
  readonly readout: string;
  readonly identical: boolean;
}

// Honorifics and initialisms end in a full stop without ending a sentence ("the U.S. and Japan").
// Tested on one word (see lastWord), anchored at both ends: linear in the word.
const ABBREVIATION =
  /^(?:(?:[A-Z]\.)+|(?:Mr|Mrs|Ms|Dr|St|No|Gen|Adm|Lt|Col|Sen|Rep|Amb|Gov|e\.g|i\.e|etc|vs)\.)$/;

const WHITESPACE = /\s/;

/**
 * The word of `line` that ends at `end` (exclusive), not reaching before `start`. Only the last
 * full stop of a word can end a sentence (one must be followed by a space), so each character is
 * looked at a bounded number of times: the sentence split stays linear in a partner's text.
 */
function lastWord(line: string, start: number, end: number): string {
  let i = end;
  while (i > start && !WHITESPACE.test(line[i - 1]!)) i--;
  return line.slice(i, end);
}

/**
 * Sentences of a text: ends at `.`, `!`, `?` followed by space, at `。！？`, and at line breaks.
 * @example splitSentences('The U.S. and Japan met. They agreed.') // ['The U.S. and Japan met.', 'They agreed.']
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    let start = 0;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      const cjk = c === '。' || c === '！' || c === '？';
      const latin =
        (c === '.' || c === '!' || c === '?') && (i + 1 === line.length || WHITESPACE.test(line[i + 1]!));
      if (!cjk && !latin) continue;
      if (c === '.' && i + 1 < line.length && ABBREVIATION.test(lastWord(line, start, i + 1))) continue;
      push(out, line.slice(start, i + 1));
      start = i + 1;
    }
    push(out, line.slice(start));
  }
  return out;
}

function push(out: string[], s: string): void {
  const t = s.trim();
  if (t !== '') out.push(t);
}

/** The comparison key of a sentence: case, spacing, quote style and final punctuation do not count. */
function key(sentence: string): string {
  return words(sentence).join(' ');
}

function words(s: string): string[] {
  return (
    s
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []
  );
}

/** Share of distinct words two sentences have in common (Jaccard). */
function similarity(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let common = 0;
  for (const w of sa) if (sb.has(w)) common++;
  const union = sa.size + sb.size - common;
  return union === 0 ? 1 : common / union;
}

/** Words of `a` not matched in `b`, counting repeats, in `a`'s order. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const w of b) left.set(w, (left.get(w) ?? 0) + 1);
  return a.filter((w) => {
    const n = left.get(w) ?? 0;
    if (n === 0) return true;
    left.set(w, n - 1);
    return false;
  });
}

/** Sentences this similar are read as one sentence reworded rather than one dropped and one added. */
export const CHANGED_SIMILARITY = 0.5;

/**
 * A sentence-level diff of a national readout against the agreed joint text, with a word-level diff
 * for sentences that were reworded (similarity at least CHANGED_SIMILARITY). Pairing is greedy by
 * similarity, ties by position, so the result does not depend on anything but the two texts.
 */
export function divergence(agreedText: string, readoutText: string): TextDivergence {
  const agreed = splitSentences(agreedText);
  const readout = splitSentences(readoutText);
  const agreedKeys = new Set(agreed.map(key));
  const readoutKeys = new Set(readout.map(key));
  const added = readout.filter((s) => !agreedKeys.has(key(s)));
  const missing = agreed.filter((s) => !readoutKeys.has(key(s)));

  const pairs: { i: number; j: number; sim: number }[] = [];
  added.forEach((a, i) => {
    missing.forEach((m, j) => {
      const sim = similarity(words(a), words(m));
      if (sim >= CHANGED_SIMILARITY) pairs.push({ i, j, sim });
    });
  });
  pairs.sort((x, y) => y.sim - x.sim || x.i - y.i || x.j - y.j);
  const usedA = new Set<number>();
  const usedM = new Set<number>();
  const changed: (ChangedSentence & { order: number })[] = [];
  for (const p of pairs) {
    if (usedA.has(p.i) || usedM.has(p.j)) continue;
    usedA.add(p.i);
    usedM.add(p.j);
    const r = added[p.i]!;
    const a = missing[p.j]!;
    changed.push({
      agreed: a,
      readout: r,
      wordsAdded: minus(words(r), words(a)),
      wordsRemoved: minus(words(a), words(r)),
      order: p.j,
    });
  }
  return {
    added: added.filter((_, i) => !usedA.has(i)),
    missing: missing.filter((_, j) => !usedM.has(j)),
    changed: changed.sort((x, y) => x.order - y.order).map(({ order: _o, ...c }) => c),
  };
}

/**
 * Where each participant's latest readout of `statement` departs from the agreed text. Empty until the
 * statement is agreed: before that there is no joint text to depart from.
 */
export function readoutDivergence(
  state: Pick<ConsultationState, 'statements' | 'readouts' | 'participants'>,
  statement = 'joint',
): ReadoutDivergence[] {
  const agreed = state.statements.find((s) => s.id === statement)?.agreed;
  if (!agreed) return [];
  const latest = new Map<Nation, ConsultationState['readouts'][number]>();
  for (const r of state.readouts) if (r.statement === statement) latest.set(r.nation, r);
  return state.participants.flatMap((n) => {
    const r = latest.get(n);
    if (!r) return [];
    const d = divergence(agreed.text, r.text);
    const identical = d.added.length === 0 && d.missing.length === 0 && d.changed.length === 0;
    return [{ nation: n, readout: r.id, ...d, identical }];
  });
}
