import { describe, expect, it } from 'vitest';
import { ratesOf, SOURCE_PAPER_IDS, statusAt } from '../../src/commitments/index.js';
import { bundled } from './fixtures.js';

const reg = bundled();
const TODAY = '2026-01-01';
const recs = reg.entries.filter((e) => e.kind === 'recommendation');
const statusOn = (id: string, at = TODAY) => statusAt(reg.entry(id)!, at)?.status;

describe('bundled commitments data', () => {
  it('gives every entry, chain and indicator at least one public source', () => {
    for (const e of reg.entries) expect(e.sources.length, e.id).toBeGreaterThan(0);
    for (const c of reg.chains) expect(c.sources.length + (c.warning ? 1 : 0), c.id).toBeGreaterThan(0);
    for (const x of [...reg.series, ...reg.indices, ...reg.schedules, ...reg.totals])
      expect(x.sources.length, x.id).toBeGreaterThan(0);
  });

  it("holds at least forty of the papers' recommendations, each naming its paper and quoting it", () => {
    expect(recs.length).toBeGreaterThanOrEqual(40);
    for (const r of recs) {
      expect(SOURCE_PAPER_IDS, r.id).toContain(r.sourcePaper);
      expect(r.quotes.length, r.id).toBeGreaterThan(0);
      expect(
        r.quotes.map((q) => q.paper),
        r.id,
      ).toContain(r.sourcePaper);
      expect(r.flags.join(' '), r.id).not.toContain('not identified');
    }
    // Each paper is the main source of several, the economic ones included.
    for (const paper of SOURCE_PAPER_IDS)
      expect(recs.filter((r) => r.sourcePaper === paper).length, paper).toBeGreaterThanOrEqual(5);
    for (const id of [
      'rec-rok-cptpp',
      'rec-us-cptpp',
      'rec-ipef',
      'rec-ipef-benefits',
      'rec-restore-white-lists',
    ])
      expect(reg.entry(id)?.sourcePaper, id).toBe('wilson-2022');
    expect(reg.entry('rec-delink-history-from-trade-and-security')?.sourcePaper).toBe('wilson-2022');
  });

  it('gives every recommendation an owner and, unless unknown (and flagged), dated evidence', () => {
    for (const r of recs) {
      expect(r.owner.length, r.id).toBeGreaterThan(0);
      const s = statusAt(r, TODAY)!;
      if (s.status !== 'unknown') expect(r.evidence.length + r.conditions.length, r.id).toBeGreaterThan(0);
    }
  });

  it('carries the GSOMIA suspension as the instant Seoul announced it (18:00 KST, 2019-11-22)', () => {
    const notice = reg.entry('kor-gsomia-notice-2019')!;
    expect(statusAt(notice, '2019-11-22T17:00+09:00')?.status).toBe('met');
    expect(statusAt(notice, '2019-11-22T18:00+09:00')?.status).toBe('in-progress');
    expect(statusAt(notice, '2019-11-22')?.status).toBe('in-progress');
    expect(statusAt(reg.entry('kor-gsomia-notice-suspended-2019')!, '2019-11-22T08:59Z')).toBeNull();
  });

  it('flags every entry or condition whose outcome is unknown', () => {
    for (const e of reg.entries) {
      const s = statusAt(e, TODAY);
      if (s?.status === 'unknown') expect(e.flags.length, e.id).toBeGreaterThan(0);
      for (const c of s?.conditions ?? [])
        if (c.status === 'unknown')
          expect(e.conditions.find((x) => x.id === c.id)!.flags.length + e.flags.length).toBeGreaterThan(0);
    }
  });

  it('marks the recommendations still unmet: no 2+2+2 ministerial, no formal ROK CPTPP application', () => {
    expect(statusOn('rec-2plus2plus2')).toBe('unmet');
    expect(reg.entry('rec-2plus2plus2')!.flags.join(' ')).toContain('FLAG');
    expect(statusOn('rec-rok-cptpp')).toBe('unmet');
    expect(statusOn('rec-rok-cptpp', '2022-01-01')).toBe('in-progress');
  });

  it('records extended deterrence as met by the Washington Declaration and the NCG', () => {
    const s = statusAt(reg.entry('rec-affirm-extended-deterrence')!, TODAY)!;
    expect(s).toMatchObject({ status: 'met', asOf: '2023-04-26' });
    const evidence = reg
      .entry('rec-affirm-extended-deterrence')!
      .evidence.map((e) => e.text)
      .join(' ');
    expect(evidence).toContain('Nuclear Consultative Group');
    expect(statusOn('rec-affirm-extended-deterrence', '2023-04-25')).toBe('unknown');
  });

  it('carries the FLAG facts of the reference as flags', () => {
    const flagged = (id: string, word: string) =>
      expect(
        reg.entry(id)!.flags.some((f) => f.includes(word)),
        `${id}: ${word}`,
      ).toBe(true);
    flagged('camp-david-commitment-to-consult-2023', '2025');
    flagged('rec-annual-trilateral-summits', '2025');
    flagged('rec-ipef', 'after 2025');
    flagged('trilateral-missile-warning-sharing-2023', 'not public');
    flagged('rec-quad-security-focus', '2025');
  });

  it('keeps SIPRI military spending and Japan’s own 2% measure as separate series', () => {
    const sipri = reg.series.find((s) => s.id === 'milex-pct-gdp-sipri-2025')!;
    const own = reg.series.find((s) => s.id === 'jpn-defence-related-pct-gdp')!;
    expect(Object.keys(sipri.values).sort()).toEqual(['AUS', 'IND', 'JPN', 'KOR', 'USA']);
    for (const points of Object.values(sipri.values))
      expect(points!.map((p) => p.year)).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(sipri.values.JPN!.at(-1)).toEqual({ year: 2024, value: 1.37 });
    expect(sipri.values.USA![1]).toEqual({ year: 2020, value: 3.65 });
    expect(sipri.period).toBe('calendar-year');
    expect(own.period).toBe('fiscal-year');
    expect(own.targets.JPN).toEqual([{ year: 2027, value: 2 }]);
  });

  it('agrees host-nation support at about ¥211 billion a year for FY2022–26', () => {
    const hns = reg.totals.find((t) => t.id === 'us-jpn-hns')!;
    const p = hns.periods.find((x) => x.fromYear === 2022)!;
    expect(p.total / (p.toYear - p.fromYear + 1)).toBeCloseTo(211.02, 2);
  });

  it('bundles only the index rates the facts give (ROK defence budget 2022: +5.4%)', () => {
    expect(ratesOf(reg.indices)).toEqual({ 'kor-defence-budget-growth': { 2022: 5.4 }, 'kor-cpi': {} });
  });
});
