import { describe, expect, it } from 'vitest';
import { BUNDLED_COMMITMENTS, loadCommitments, render } from '../../src/cli/commands/commitments.js';
import { UsageError } from '../../src/cli/usage.js';
import { InputError } from '../../src/domain/index.js';
import { bundled } from './fixtures.js';

const reg = bundled();
const AT = '2026-01-01';

describe('concord commitments --format json', () => {
  const rows = JSON.parse(render(reg, { format: 'json', at: AT })) as Record<string, unknown>[];

  it('prints an array with one object per entry made by the date', () => {
    expect(Array.isArray(rows)).toBe(true);
    expect(rows).toHaveLength(reg.entries.length);
  });

  it('gives each entry id, owner, sourcePaper, summary, status and dated, sourced evidence', () => {
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['id', 'owner', 'sourcePaper', 'summary', 'status', 'evidence']),
      );
      for (const e of r.evidence as { date: string; source: { title: string }; text: string }[]) {
        expect(e.date).toMatch(/^\d{4}(-\d{2}){0,2}(T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))?$/);
        expect(e.source.title.length).toBeGreaterThan(0);
      }
    }
    expect(rows.find((r) => r.id === 'rec-delink-history-from-trade-and-security')).toMatchObject({
      sourcePaper: 'wilson-2022',
      owner: ['JPN', 'KOR'],
      status: 'met',
    });
    expect(rows.find((r) => r.id === 'rec-2plus2plus2')).toMatchObject({
      sourcePaper: 'heritage-2021-03',
      status: 'unmet',
    });
  });

  it('reads the registry as it stood at --at, evidence included', () => {
    const past = JSON.parse(render(reg, { format: 'json', at: '2020-01-01' })) as {
      id: string;
      status: string;
      evidence: { date: string }[];
    }[];
    expect(past.find((r) => r.id === 'kor-gsomia-notice-2019')?.status).toBe('in-progress');
    expect(past.some((r) => r.id === 'kor-gsomia-notes-withdrawn-2023')).toBe(false);
    for (const r of past) for (const e of r.evidence) expect(e.date <= '2020-01-01').toBe(true);
    const curbs = past.find((r) => r.id === 'jpn-export-curbs-2019') as unknown as {
      sources: { date?: string }[];
    };
    expect(curbs.sources.map((s) => s.date)).toEqual(['2019-07-01']);
  });

  it('keeps only the asked status with --status', () => {
    const unmet = JSON.parse(render(reg, { format: 'json', at: AT, status: 'unmet' })) as {
      id: string;
      status: string;
    }[];
    expect(unmet.map((r) => r.id).sort()).toEqual([
      'rec-2plus2plus2',
      'rec-rok-cptpp',
      'rec-rok-quad-membership',
      'rec-us-cptpp',
    ]);
  });
});

describe('concord commitments --format table', () => {
  const text = render(reg, { format: 'table', at: AT });
  const lines = text.trimEnd().split('\n');

  it('prints a heading with the date and counts, a header, then one line per entry', () => {
    expect(lines[0]).toMatch(
      new RegExp(`^Commitments scorecard on ${AT}: ${reg.entries.length} entries \\(met \\d+`),
    );
    expect(lines[2]).toMatch(/^STATUS\s+AS OF\s+OWNER\s+KIND\s+PAPER\s+ID\s+TITLE$/);
    expect(lines.slice(3)).toHaveLength(reg.entries.length);
  });

  it('shows status and owner on the entry’s line, and what blocks a conditions-based entry', () => {
    expect(lines.find((l) => l.includes(' rec-2plus2plus2 '))).toMatch(/^unmet\s+2023-06-03\s+USA,JPN,KOR\s/);
    expect(lines.find((l) => l.includes(' rec-opcon-conditions-based '))).toMatch(
      /^in-progress .*\[blocked by: rok-capabilities-to-lead, rok-initial-response-capability, suitable-security-environment\]$/,
    );
  });
});

describe('concord commitments --format md', () => {
  const md = render(reg, { format: 'md', at: AT, kind: 'recommendation' });

  it('is a Markdown scorecard with a summary table and a section per entry, with sources', () => {
    expect(md.startsWith(`# Commitments scorecard, ${AT}\n`)).toBe(true);
    expect(md).toContain('| Status | As of | Owner | Entry |');
    expect(md).toContain("## The papers' recommendations");
    expect(md).not.toContain('## Measures');
    const sections = md.split('\n### ').slice(1);
    expect(sections).toHaveLength(reg.entries.filter((e) => e.kind === 'recommendation').length);
    for (const s of sections) expect(s).toMatch(/\nSources: \S/);
  });

  it('lists each condition of a conditions-based entry and whether it holds', () => {
    expect(md).toContain(
      '| The ROK has the military capabilities to lead the combined defence | in-progress | 2019 | blocks |',
    );
  });

  it('cites evidence with its date and source', () => {
    expect(md).toContain('- 2023-04-26: Creates the US–ROK Nuclear Consultative Group');
    expect(md).toContain('(Washington Declaration (Biden–Yoon) (2023-04-26))');
  });
});

describe('concord commitments --chain', () => {
  it('prints the chain as text for the table format', () => {
    expect(render(reg, { format: 'table', at: AT, chain: 'rok-jpn-2018-2023' })).toMatch(
      /^ROK–Japan cascade, 2018–2023 \(rok-jpn-2018-2023\)/,
    );
  });

  it('refuses an unknown chain, and json, as usage errors', () => {
    expect(() => render(reg, { format: 'table', at: AT, chain: 'nope' })).toThrow(UsageError);
    expect(() => render(reg, { format: 'json', at: AT, chain: 'rok-jpn-2018-2023' })).toThrow(UsageError);
  });
});

describe('reading the data folder', () => {
  it('reads the bundled folder', () => {
    expect(loadCommitments(BUNDLED_COMMITMENTS).entries).toHaveLength(reg.entries.length);
  });

  it('names a missing folder in an input error', () => {
    expect(() => loadCommitments('/nonexistent/commitments')).toThrow(InputError);
    expect(() => loadCommitments('/nonexistent/commitments')).toThrow(
      /\/nonexistent\/commitments: no such folder/,
    );
  });
});

describe('concord commitments --paper', () => {
  it("lists the paper's recommendations with their status and its own words, marking those another paper leads", () => {
    const text = render(reg, { format: 'table', at: AT, paper: 'heritage-2021-03' });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^Scorecard of .*\(heritage-2021-03, 2021-03\) on 2026-01-01: \d+ recommendations \(met \d+/,
    );
    const row = lines.findIndex((l) => /^unmet .* rec-2plus2plus2 /.test(l));
    expect(row).toBeGreaterThan(0);
    expect(lines[row + 1]).toMatch(
      /^ {4}“Washington should recommend periodic trilateral cabinet-level .*” \(Trilateralism\)$/,
    );
    // The 2022 brief leads on reconciliation; the 2021 brief makes it too: marked, with its own words only.
    const rec = lines.findIndex((l) => l.includes('rec-rok-jpn-reconciliation *'));
    expect(rec).toBeGreaterThan(0);
    expect(lines[rec + 1]).toContain('(Trilateralism)');
    expect(lines[rec + 1]).not.toContain('KEY TAKEAWAYS');
  });

  it('gives the same rows as json and md, counts summing to the rows', () => {
    const card = JSON.parse(render(reg, { format: 'json', at: AT, paper: 'heritage-2022-05' })) as {
      counts: Record<string, number>;
      recommendations: { id: string }[];
    };
    expect(Object.values(card.counts).reduce((a, b) => a + b, 0)).toBe(card.recommendations.length);
    const md = render(reg, { format: 'md', at: AT, paper: 'heritage-2022-05' });
    for (const r of card.recommendations) expect(md).toContain(`(\`${r.id}\`)`);
    expect(() => render(reg, { format: 'json', at: AT, paper: 'wilson-2022', status: 'met' })).toThrow(
      UsageError,
    );
  });

  it('reads a past day: entries made later are not listed, statuses as they stood', () => {
    const before = JSON.parse(render(reg, { format: 'json', at: '2021-01-01', paper: 'wilson-2022' })) as {
      recommendations: { id: string; status: string }[];
    };
    expect(
      before.recommendations.find((r) => r.id === 'rec-delink-history-from-trade-and-security'),
    ).toBeUndefined();
    expect(before.recommendations.find((r) => r.id === 'rec-restore-white-lists')?.status).toBe('unknown');
  });

  it('prints the quotations in the md scorecard', () => {
    const md = render(reg, { format: 'md', at: AT, kind: 'recommendation' });
    expect(md).toContain('The papers say:');
    expect(md).toContain('(wilson-2022, Policy Recommendations)');
  });
});
