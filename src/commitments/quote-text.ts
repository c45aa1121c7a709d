// The rules a quotation's text obeys, shared by the schema (which cannot see the papers) and the
// verbatim check (which can).

/** A quotation is at least this long once normalized: shorter ones attribute nothing. */
export const QUOTE_MIN_CHARS = 20;

/** Quotation marks and apostrophes of every style, and asterisks (the papers' bold): they may differ. */
const LOOSE = /["'`*\u2018\u2019\u201A\u201B\u201C\u201D\u201E\u201F\u00AB\u00BB\u2039\u203A\uFF02\uFF07]/g;

/**
 * The text as compared: quotation marks and asterisks dropped, whitespace runs made one space,
 * trimmed. Everything else (dashes, case, punctuation) is kept, so it must match.
 * @example quoteText('  the **“Quad”**\n grouping') // 'the Quad grouping'
 */
export function quoteText(s: string): string {
  return s.replace(LOOSE, '').replace(/\s+/g, ' ').trim();
}

/**
 * What makes a text unfit to be a quotation, whatever the paper says: too short, elided (`...`,
 * `…`) or with editorial brackets (`[`, `]`, `{`, `}`). Null when fit.
 */
export function quoteTextProblem(s: string): string | null {
  const t = quoteText(s);
  if (t.length < QUOTE_MIN_CHARS)
    return `a quotation is at least ${QUOTE_MIN_CHARS} characters (this is ${t.length})`;
  if (/\.\.\.|\u2026/.test(s))
    return 'a quotation is contiguous: no ellipsis (quote a shorter passage instead)';
  if (/[[\]{}]/.test(s)) return 'a quotation has no editorial brackets: quote the paper as it is';
  return null;
}
