import { DataFileError, formatPath, type Nation, parseYaml, placeIn, type Source } from '../domain/index.js';
import { compareDates } from './dates.js';
import type {
  Chain,
  CommitmentsRegistry,
  Condition,
  Entry,
  Evidence,
  IndexSeries,
  PaymentRule,
  PaymentSchedule,
  PeriodTotals,
  Series,
  YearValue,
} from './model.js';
import { projectSchedule, ratesOf } from './schedule.js';
import {
  type EntriesFile,
  entriesFileSchema,
  fileKindSchema,
  type IndicatorsFile,
  indicatorsFileSchema,
} from './schema.js';

/** A data file's contents and the name to report it by (the CLI reads the files; this is pure). */
export interface TextFile {
  readonly name: string;
  readonly text: string;
}

type Path = (string | number)[];

/**
 * Reads the commitments data files (`kind: entries` and `kind: indicators`, any number of each) into
 * one registry, then checks what no single file can: ids unique across files, every link, chain,
 * indicator, index and agreement reference resolving, links that point back in time, and published
 * payments that agree with their formula. Every problem is a DataFileError naming the file, line,
 * column and field.
 */
export function parseCommitments(files: readonly TextFile[]): CommitmentsRegistry {
  const entryFiles: { file: TextFile; data: EntriesFile }[] = [];
  const indicatorFiles: { file: TextFile; data: IndicatorsFile }[] = [];
  for (const file of files) {
    const { kind } = parseYaml(file.text, file.name, fileKindSchema);
    if (kind === 'entries')
      entryFiles.push({ file, data: parseYaml(file.text, file.name, entriesFileSchema) });
    else indicatorFiles.push({ file, data: parseYaml(file.text, file.name, indicatorsFileSchema) });
  }

  const fail = (file: TextFile, path: Path, problem: string): never => {
    throw new DataFileError(
      { input: file.name, field: formatPath(path), ...(placeIn(file.text, path) ?? {}) },
      problem,
    );
  };

  // Where each id was defined, to report duplicates and to place errors about it.
  const entryAt = new Map<string, { file: TextFile; entry: EntriesFile['entries'][number]; path: Path }>();
  const chainIds = new Set<string>();
  for (const { file, data } of entryFiles) {
    data.entries.forEach((e, i) => {
      const prior = entryAt.get(e.id);
      if (prior) fail(file, ['entries', i, 'id'], `duplicate id '${e.id}' (also in ${prior.file.name})`);
      entryAt.set(e.id, { file, entry: e, path: ['entries', i] });
    });
    data.chains.forEach((c, i) => {
      if (chainIds.has(c.id)) fail(file, ['chains', i, 'id'], `duplicate chain '${c.id}'`);
      chainIds.add(c.id);
    });
  }
  const indicatorIds = new Map<string, string>();
  const indexIds = new Set<string>();
  for (const { file, data } of indicatorFiles) {
    const define = (section: string, list: readonly { id: string }[]) =>
      list.forEach((x, i) => {
        const prior = indicatorIds.get(x.id);
        if (prior !== undefined)
          fail(file, [section, i, 'id'], `duplicate indicator id '${x.id}' (also in ${prior})`);
        indicatorIds.set(x.id, file.name);
      });
    define('series', data.series);
    define('indices', data.indices);
    define('schedules', data.schedules);
    define('totals', data.totals);
    for (const x of data.indices) indexIds.add(x.id);
  }

  for (const { file, entry: e, path } of entryAt.values()) {
    for (const [j, l] of e.links.entries()) {
      const at = [...path, 'links', j, 'to'];
      const target = entryAt.get(l.to)?.entry;
      if (!target) fail(file, at, `no entry '${l.to}'`);
      if (l.to === e.id) fail(file, at, 'an entry cannot link to itself');
      // An answer, a restoration or a replacement comes after what it answers, restores or replaces.
      const later =
        e.date !== undefined && target?.date !== undefined && compareDates(e.date, target.date) < 0;
      if (l.type !== 'conditioned-on' && later)
        fail(
          file,
          at,
          `'${e.id}' (${e.date}) cannot be ${l.type} '${l.to}', which is later (${target?.date})`,
        );
    }
    for (const [j, c] of e.chains.entries()) {
      if (!chainIds.has(c)) fail(file, [...path, 'chains', j], `no chain '${c}'`);
    }
    for (const [j, x] of e.indicators.entries()) {
      if (!indicatorIds.has(x)) fail(file, [...path, 'indicators', j], `no indicator '${x}'`);
    }
  }
  for (const { file, data } of indicatorFiles) {
    for (const [i, s] of data.schedules.entries()) {
      for (const [j, y] of s.years.entries()) {
        if (!entryAt.has(y.under)) fail(file, ['schedules', i, 'years', j, 'under'], `no entry '${y.under}'`);
        if (y.index !== undefined && !indexIds.has(y.index))
          fail(file, ['schedules', i, 'years', j, 'index'], `no index '${y.index}'`);
      }
    }
    for (const [i, t] of data.totals.entries()) {
      for (const [j, p] of t.periods.entries()) {
        if (p.under !== undefined && !entryAt.has(p.under))
          fail(file, ['totals', i, 'periods', j, 'under'], `no entry '${p.under}'`);
      }
    }
  }

  const entries = entryFiles.flatMap(({ data }) => data.entries.map(toEntry));
  const chains = entryFiles.flatMap(({ data }) => data.chains.map(toChain));
  const series = indicatorFiles.flatMap(({ data }) => data.series.map(toSeries));
  const indices = indicatorFiles.flatMap(({ data }) => data.indices.map(toIndex));
  const schedules = indicatorFiles.flatMap(({ data }) => data.schedules.map(toSchedule));
  const totals = indicatorFiles.flatMap(({ data }) => data.totals.map(toTotals));

  // A published amount that its own formula does not give is a typing error in the data (or a
  // misread formula): either way the projections would be wrong, so it stops here.
  const rates = ratesOf(indices);
  for (const { file, data } of indicatorFiles) {
    data.schedules.forEach((s, i) => {
      const schedule = schedules.find((x) => x.id === s.id)!;
      projectSchedule(schedule, rates).forEach((p, j) => {
        if (p.known === undefined || p.amount === null) return;
        if (Math.abs(p.amount - p.known) > schedule.roundTo / 2 + 1e-9)
          fail(
            file,
            ['schedules', i, 'years', j, 'known'],
            `published ${p.known} but the formula gives ${p.amount}`,
          );
      });
    });
  }

  const byId = new Map(entries.map((e) => [e.id, e]));
  const chainById = new Map(chains.map((c) => [c.id, c]));
  return {
    entries,
    chains,
    series,
    indices,
    schedules,
    totals,
    entry: (id) => byId.get(id),
    chain: (id) => chainById.get(id),
  };
}

type SourceInput = { title: string; date?: string | undefined; url?: string | undefined };

function toSource(s: SourceInput): Source {
  return {
    title: s.title,
    ...(s.date !== undefined ? { date: s.date } : {}),
    ...(s.url ? { url: s.url } : {}),
  };
}

function toEvidence(list: readonly { date: string; source: SourceInput; text: string }[]): Evidence[] {
  // Stable sort: same-day items keep the order the file gives them.
  return list
    .map((e) => ({ date: e.date, source: toSource(e.source), text: e.text }))
    .sort((a, b) => compareDates(a.date, b.date));
}

function note<T extends { note?: string | undefined }>(x: T): { note?: string } {
  return x.note !== undefined ? { note: x.note } : {};
}

/** Sources listed for an entry, then those of its evidence and its conditions' evidence, once each. */
function allSources(listed: readonly Source[], evidence: readonly Evidence[]): Source[] {
  const out: Source[] = [];
  const seen = new Set<string>();
  for (const s of [...listed, ...evidence.map((e) => e.source)]) {
    const key = `${s.title}\u0000${s.date ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

function toEntry(e: EntriesFile['entries'][number]): Entry {
  const evidence = toEvidence(e.evidence);
  const conditions: Condition[] = e.conditions.map((c) => ({
    id: c.id,
    text: c.text,
    status: c.status.map((r) => ({ asOf: r.asOf, status: r.status, ...note(r) })),
    evidence: toEvidence(c.evidence),
    flags: c.flags,
  }));
  return {
    id: e.id,
    kind: e.kind,
    title: e.title,
    summary: e.summary,
    owner: e.owner,
    ...(e.sourcePaper !== undefined ? { sourcePaper: e.sourcePaper } : {}),
    quotes: e.quotes.map((q) => ({ paper: q.paper, text: q.text, place: q.place })),
    ...(e.document !== undefined ? { document: e.document } : {}),
    ...(e.date !== undefined ? { date: e.date } : {}),
    indicators: e.indicators,
    status: e.status.map((r) => ({ asOf: r.asOf, status: r.status, ...note(r) })),
    conditions,
    evidence,
    links: e.links.map((l) => ({ type: l.type, to: l.to, ...note(l), flags: l.flags })),
    chains: e.chains,
    sources: allSources(e.sources.map(toSource), [...evidence, ...conditions.flatMap((c) => c.evidence)]),
    flags: e.flags,
  };
}

function toChain(c: EntriesFile['chains'][number]): Chain {
  return {
    id: c.id,
    title: c.title,
    summary: c.summary,
    ...(c.warning
      ? {
          warning: {
            text: c.warning.text,
            ...(c.warning.sourcePaper !== undefined ? { sourcePaper: c.warning.sourcePaper } : {}),
            source: toSource(c.warning.source),
          },
        }
      : {}),
    sources: c.sources.map(toSource),
    flags: c.flags,
  };
}

function yearValues(r: Readonly<Record<string, number>>): YearValue[] {
  return Object.entries(r)
    .map(([year, value]) => ({ year: Number(year), value }))
    .sort((a, b) => a.year - b.year);
}

function byNation(
  r: Readonly<Record<string, Readonly<Record<string, number>>>>,
): Partial<Record<Nation, YearValue[]>> {
  return Object.fromEntries(Object.entries(r).map(([n, v]) => [n, yearValues(v)]));
}

function toSeries(s: IndicatorsFile['series'][number]): Series {
  return {
    id: s.id,
    title: s.title,
    unit: s.unit,
    method: s.method,
    period: s.period,
    values: byNation(s.values),
    targets: byNation(s.targets),
    sources: s.sources.map(toSource),
    flags: s.flags,
  };
}

function toIndex(s: IndicatorsFile['indices'][number]): IndexSeries {
  return {
    id: s.id,
    title: s.title,
    values: yearValues(s.values),
    sources: s.sources.map(toSource),
    flags: s.flags,
  };
}

function toSchedule(s: IndicatorsFile['schedules'][number]): PaymentSchedule {
  return {
    id: s.id,
    title: s.title,
    currency: s.currency,
    unit: s.unit,
    roundTo: s.roundTo,
    years: s.years.map((y) => {
      const rule: PaymentRule =
        y.fixed !== undefined
          ? { kind: 'fixed', amount: y.fixed }
          : y.growthPercent !== undefined
            ? { kind: 'growth', percent: y.growthPercent }
            : {
                kind: 'indexed',
                index: y.index!,
                ...(y.capPercent !== undefined ? { capPercent: y.capPercent } : {}),
              };
      return { year: y.year, under: y.under, rule, ...(y.known !== undefined ? { known: y.known } : {}) };
    }),
    sources: s.sources.map(toSource),
    flags: s.flags,
  };
}

function toTotals(t: IndicatorsFile['totals'][number]): PeriodTotals {
  return {
    id: t.id,
    title: t.title,
    currency: t.currency,
    unit: t.unit,
    periods: t.periods.map((p) => ({
      fromYear: p.fromYear,
      toYear: p.toYear,
      total: p.total,
      ...(p.under !== undefined ? { under: p.under } : {}),
    })),
    sources: t.sources.map(toSource),
    flags: t.flags,
  };
}
