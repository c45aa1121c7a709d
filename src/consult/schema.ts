import { z } from 'zod';
import { isNation, NATION_CODES, type Nation, type Source } from '../domain/index.js';

// Pieces shared by the three data files (rules, contingencies, meetings). Each file has one schema and
// parseYaml reports its first problem with file, line, column and field.

export const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'ids are lower-case words joined by hyphens' });
export const text = z.string().trim().min(1, { error: 'must not be empty' });
export const flags = z.array(text).default([]);

export const nation = z
  .string()
  .refine(isNation, {
    error: (i) => `unknown nation '${String(i.input)}' (expected one of ${NATION_CODES.join(', ')})`,
  })
  .transform((s) => s as Nation);

const CALENDAR = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** `2024-11-15`, or `2024-09` / `2024` when the source gives no day; `2019-02-30` is refused. */
export function isCalendarDate(s: string): boolean {
  const m = CALENDAR.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (month < 1 || month > 12) return false;
  return day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** YAML reads a bare `2025` as a number; dates stay the text the sources give. */
export const calendarDate = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string().refine(isCalendarDate, {
    error: (i) => `'${String(i.input)}' is not a real date (YYYY-MM-DD, or YYYY-MM / YYYY)`,
  }),
);

export const day = z.string().refine((s) => s.length === 10 && isCalendarDate(s), {
  error: (i) => `'${String(i.input)}' is not a real day (YYYY-MM-DD)`,
});

export const source = z
  .preprocess(
    (v) => (typeof v === 'string' ? { title: v } : v),
    z.strictObject(
      { title: text, date: calendarDate.optional(), url: z.url().optional() },
      { error: 'a source is a title, or { title, date, url }' },
    ),
  )
  .transform(
    (s): Source => ({
      title: s.title,
      ...(s.date !== undefined ? { date: s.date } : {}),
      ...(s.url !== undefined ? { url: s.url } : {}),
    }),
  );

/**
 * Every fact either cites a public source or says it is Concord's assumption; `flags` say what is
 * uncertain. Call on an object schema's superRefine.
 */
export function sourcedOrAssumed(
  x: { sources: readonly unknown[]; assumption: boolean },
  ctx: z.RefinementCtx,
): void {
  if (x.sources.length === 0 && !x.assumption) {
    ctx.addIssue({
      code: 'custom',
      path: ['sources'],
      message: 'cite at least one public source, or mark the entry `assumption: true`',
    });
  }
}
