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
      expect(r.stderr).toContain('edit 2.status');
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
  });
});
