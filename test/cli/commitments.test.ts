import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { concord } from './run.js';

describe('concord commitments', () => {
  it('prints the scorecard as JSON entries with id, owner, sourcePaper, summary, status and dated evidence', () => {
    const r = concord('commitments', '--format', 'json', '--at', '2026-01-01');
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(entries.length).toBeGreaterThan(25);
    for (const e of entries) {
      expect(Object.keys(e)).toEqual(
        expect.arrayContaining(['id', 'owner', 'sourcePaper', 'summary', 'status', 'evidence']),
      );
      for (const ev of e.evidence as { date: string; source: { title: string } }[]) {
        expect(ev.date <= '2026-01-01').toBe(true);
        expect(ev.source.title.length).toBeGreaterThan(0);
      }
    }
    const twoPlus = entries.find((e) => e.id === 'rec-2plus2plus2')!;
    expect(twoPlus.status).toBe('unmet');
  });

  it("fits the table to a width: no line longer, every entry's id whole from 89 columns on, titles whole when joined", () => {
    const entries = JSON.parse(concord('commitments', '--format', 'json', '--at', '2026-01-01').stdout) as {
      id: string;
      title: string;
    }[];
    // To a pipe (as here) the rows are whole, as with --width 0.
    const whole = concord('commitments', '--at', '2026-01-01');
    expect(whole.stdout).toBe(concord('commitments', '--at', '2026-01-01', '--width', '0').stdout);
    expect(Math.max(...whole.stdout.split('\n').map((l) => l.length))).toBeGreaterThan(150);
    for (const width of [100, 140]) {
      const r = concord('commitments', '--at', '2026-01-01', '--width', String(width));
      expect(r.code).toBe(0);
      const lines = r.stdout.split('\n');
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(width);
      const words = r.stdout.replace(/\s+/g, ' ');
      for (const e of entries) {
        expect(lines.some((l) => new RegExp(`  ${e.id}(  |$)`).test(l))).toBe(true);
        expect(words).toContain(e.title.replace(/\s+/g, ' '));
      }
    }
    expect(concord('commitments', '--width', 'wide').code).toBe(2);
  }, 120_000);

  it('reads the registry as it stood on a past date', () => {
    const before = JSON.parse(concord('commitments', '--format', 'json', '--at', '2022-01-01').stdout) as {
      id: string;
      status: string;
    }[];
    const after = JSON.parse(concord('commitments', '--format', 'json', '--at', '2024-01-01').stdout) as {
      id: string;
      status: string;
    }[];
    const status = (rows: { id: string; status: string }[]) =>
      rows.find((e) => e.id === 'rec-rok-jpn-reconciliation')?.status;
    expect(status(before)).not.toBe('met');
    expect(status(after)).toBe('met');
  });

  it('filters by status and refuses an unknown one (exit 2)', () => {
    const unmet = JSON.parse(concord('commitments', '--format', 'json', '--status', 'unmet').stdout) as {
      status: string;
    }[];
    expect(unmet.length).toBeGreaterThan(0);
    expect(unmet.every((e) => e.status === 'unmet')).toBe(true);
    const r = concord('commitments', '--status', 'bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--status must be one of');
  });

  it('prints the 2018-2023 ROK-Japan cascade as a dated chain', () => {
    const r = concord('commitments', '--chain', 'rok-jpn-2018-2023');
    expect(r.code).toBe(0);
    // Each step of the chain starts a line with its date, in date order.
    const dates = [...r.stdout.matchAll(/^(20\d\d-\d\d-\d\d) /gm)].map((m) => m[1]!);
    expect(dates.length).toBeGreaterThan(5);
    expect(dates).toEqual([...dates].sort());
    expect(r.stdout).toContain('2019-08-23');
  });

  it("prints one paper's scorecard with --paper: its recommendations, their status and its words", () => {
    const r = concord('commitments', '--paper', 'wilson-2022', '--format', 'json', '--at', '2026-01-01');
    expect(r.code).toBe(0);
    const card = JSON.parse(r.stdout) as {
      paper: { id: string };
      counts: Record<string, number>;
      recommendations: { id: string; status: string; main: boolean; paperQuotes: { paper: string }[] }[];
    };
    expect(card.paper.id).toBe('wilson-2022');
    expect(card.recommendations.length).toBeGreaterThanOrEqual(15);
    expect(Object.values(card.counts).reduce((a, b) => a + b, 0)).toBe(card.recommendations.length);
    for (const rec of card.recommendations) {
      expect(rec.paperQuotes.length, rec.id).toBeGreaterThan(0);
      expect(
        rec.paperQuotes.every((q) => q.paper === 'wilson-2022'),
        rec.id,
      ).toBe(true);
    }
    expect(card.recommendations.find((x) => x.id === 'rec-us-cptpp')).toMatchObject({
      status: 'unmet',
      main: true,
    });
    const text = concord('commitments', '--paper', 'heritage-2021-03', '--at', '2026-01-01');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^Scorecard of .* \(heritage-2021-03, 2021-03\) on 2026-01-01: \d+ recommendations/,
    );
    expect(text.stdout).toContain('rec-2plus2plus2');
    expect(text.stdout).toContain('(Trilateralism)');
    const bad = concord('commitments', '--paper', 'heritage-2023');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--paper must be one of');
  }, 120_000);

  it('checks the quotations against a papers folder with --check-quotes, naming file, line and field of one that is not verbatim', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-quotes-'));
    try {
      const rec = (id: string, text: string) => `  - id: ${id}
    kind: recommendation
    title: A
    summary: Something recommended.
    owner: USA
    sourcePaper: heritage-2022-05
    quotes:
      - { paper: heritage-2022-05, place: What Washington Should Do, text: "${text}" }
    sources:
      - { title: Somewhere }
    flags: [test]
`;
      const good = 'The three navies should exchange tracks of “dark” ships in near real time';
      const file = join(dir, 'recs.yaml');
      writeFileSync(file, `kind: entries\nentries:\n${rec('rec-a', good)}`);
      const papers = join(import.meta.dirname, '..', 'fixtures', 'papers');
      const ok = concord('commitments', '--dir', dir, '--check-quotes', papers);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('1 verbatim at their place, 0 not');
      writeFileSync(
        file,
        `kind: entries\nentries:\n${rec('rec-a', good)}${rec('rec-b', good.replace('should', 'shall'))}`,
      );
      const r = concord('commitments', '--dir', dir, '--check-quotes', papers);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        `NOT VERBATIM  ${file}:21 (entries[1].quotes[0].text)  rec-b  heritage-2022-05: not found in the paper`,
      );
      expect(r.stdout).toContain('1 verbatim at their place, 1 not');
      const missing = concord('commitments', '--dir', dir, '--check-quotes', join(dir, 'none'));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('none');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('shows the quotations in --format json', () => {
    const rows = JSON.parse(
      concord('commitments', '--format', 'json', '--kind', 'recommendation').stdout,
    ) as {
      id: string;
      quotes: { paper: string; text: string; place: string }[];
    }[];
    for (const r of rows) expect(r.quotes.length, r.id).toBeGreaterThan(0);
  });

  it("shows a node's administrators' status edits with --db, and names the store and the edit of a bad one", () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-commitments-'));
    try {
      const path = join(dir, 'KOR.sqlite');
      const store = openStore(path);
      const edit = {
        entry: 'rec-rok-cptpp',
        nation: 'KOR',
        status: 'in-progress',
        asOf: '2022-09-20',
        note: 'accession procedure resumed',
        evidence: { date: '2022-09-20', source: { title: 'MOTIE press release' }, text: 'resumed' },
      };
      store.commitmentEdits.append({ entry: edit.entry, nation: 'KOR', by: 'api:KOR', edit, storedMs: 0 });
      store.close();
      const row = (args: string[]) =>
        (
          JSON.parse(concord('commitments', '--format', 'json', '--at', '2023-01-01', ...args).stdout) as {
            id: string;
            status: string;
            evidence: { text: string }[];
          }[]
        ).find((e) => e.id === 'rec-rok-cptpp')!;
      expect(row([]).status).toBe('unmet');
      const edited = row(['--db', path]);
      expect(edited.status).toBe('in-progress');
      expect(edited.evidence.map((e) => e.text)).toContain('resumed');
      // As that day stood, before the edit's day, the files' record holds.
      const before = JSON.parse(
        concord('commitments', '--format', 'json', '--at', '2022-09-01', '--db', path).stdout,
      ) as { id: string; status: string }[];
      expect(before.find((e) => e.id === 'rec-rok-cptpp')!.status).toBe('unmet');

      // The replicated history: a proposal of the USA on an entry it shares with Korea, approved by
      // Korea (sent over the link), shown with who, when, the evidence and the approvals.
      const atMs = Date.parse('2024-01-10T00:00:00Z');
      const shared = openStore(path);
      const proposal = {
        kind: 'propose-status',
        id: 'USA:p1',
        author: 'USA',
        atMs,
        entry: 'us-kor-sma-11',
        status: 'in-progress',
        asOf: '2024-01-09',
        evidence: { date: '2024-01-09', source: { title: 'USFK statement' }, text: 'renegotiation opened' },
      };
      const approval = {
        kind: 'approve-status',
        id: 'KOR:a1',
        author: 'KOR',
        atMs: atMs + 60_000,
        entry: 'us-kor-sma-11',
        proposal: 'USA:p1',
      };
      shared.commitmentEdits.append({
        entry: 'us-kor-sma-11',
        nation: 'USA',
        by: 'link:USA',
        edit: proposal,
        storedMs: atMs,
      });
      shared.commitmentEdits.append({
        entry: 'us-kor-sma-11',
        nation: 'KOR',
        by: 'api:KOR',
        edit: approval,
        storedMs: atMs + 60_000,
      });
      shared.close();
      const history = concord('commitments', '--db', path, '--history');
      expect(history.code).toBe(0);
      expect(history.stdout).toContain(
        'Registry history: 2 status edits (2 in force, 0 pending, 0 in conflict)',
      );
      expect(history.stdout).toContain(
        '2024-01-10T00:00:00.000Z USA on us-kor-sma-11: in-progress as of 2024-01-09 (USA:p1) -- in force 2024-01-10T00:01:00.000Z',
      );
      expect(history.stdout).toContain('evidence: 2024-01-09, USFK statement: renegotiation opened');
      expect(history.stdout).toContain(
        'approved by: USA 2024-01-10T00:00:00.000Z, KOR 2024-01-10T00:01:00.000Z (owners: USA, KOR)',
      );
      const json = JSON.parse(concord('commitments', '--db', path, '--history', '--format', 'json').stdout);
      expect(json.proposals.map((p: { id: string; state: string }) => [p.id, p.state])).toEqual([
        ['KOR:edit-1', 'in-force'],
        ['USA:p1', 'in-force'],
      ]);
      expect(concord('commitments', '--history').code).toBe(2);

      const bad = openStore(path);
      bad.commitmentEdits.append({
        entry: edit.entry,
        nation: 'KOR',
        by: 'api:KOR',
        edit: { ...edit, status: 'done-ish' },
        storedMs: 0,
      });
      bad.close();
      const r = concord('commitments', '--db', path);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(path);
      expect(r.stderr).toContain('edit 4.status');
      expect(r.stdout).toBe('');

      const notStore = join(dir, 'notes.sqlite');
      writeFileSync(notStore, 'not a database');
      const n = concord('commitments', '--db', notStore);
      expect(n.code).toBe(2);
      expect(n.stderr).toContain(notStore);
      const missing = concord('commitments', '--db', join(dir, 'none.sqlite'));
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('none.sqlite');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
