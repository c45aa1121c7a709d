import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concord } from './run.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'concord-senkaku-'));
const CCG = [413999101, 413999102, 413999103, 413999104];

// The Senkaku drill has no hand-raised incursion: Japan's node detects the China Coast Guard ships
// its receivers hear, and the rule convenes on that detection. `network up` shows the same over
// NATS (test/cli/network.test.ts).
describe('the Senkaku drill, from ships', () => {
  it('concord start: Japan detects the entries into the territorial sea and convenes the US and Japan on the first', () => {
    const r = concord(
      'start',
      '--scenario',
      'senkaku-incursion-drill',
      '--speed',
      '1000',
      '--port',
      '0',
      '--data-dir',
      join(tmp(), 'data'),
      '--exit-at-end',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const entries = [
      ...r.stdout.matchAll(
        /^T\+(-?[\d.]+)s JPN: maritime zone-entry by MMSI (\d+) in senkaku-territorial-sea \(detected, confidence [\d.]+; event (\S+)\)$/gm,
      ),
    ];
    expect(entries.map((m) => Number(m[2])).sort()).toEqual(CCG);
    const [first] = entries;
    expect(Number(first![1])).toBeGreaterThan(0);
    // Convened at the end of the feeding second that held the detection, by Japan, on that event.
    const convened = new RegExp(
      `^T\\+(\\d+\\.\\d)s JPN: CONSULTATION convened at working with USA, JPN: "Incursion into the Senkaku territorial sea \\(zone-entry:${first![3]}\\)"`,
      'm',
    ).exec(r.stdout);
    expect(convened).not.toBeNull();
    expect(Number(convened![1])).toBe(Math.ceil(Number(first![1])));
    // The watch officers play on it to the end; nobody else's node heard the ships there.
    expect(r.stdout).toMatch(/JPN: approves the statement version .* -- AGREED by USA, JPN$/m);
    expect(r.stdout).toMatch(/JPN: closes consultation "Incursion into the Senkaku territorial sea/);
    expect(r.stdout).not.toMatch(/(USA|KOR): maritime zone-entry by MMSI 4139991/);
    expect(r.stdout).not.toContain('refused');
    expect(r.stdout).not.toContain('INCIDENT maritime incursion');
  });

  it('concord exercise: results.json gives each nation its maritime events, and the consultation convened from them', () => {
    const dir = tmp();
    const r = concord('exercise', 'senkaku-incursion-drill', '--policy', 'trilateral', '--report', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const [run] = results.runs as {
      nations: Record<
        string,
        { maritimeEvents: { type: string; mmsi: number[]; zone: string | null; scenarioS: number }[] }
      >;
      consultations: {
        convenedAtS: number;
        convener: string;
        trigger: { kind: string; id: string; rules: string[] };
      }[];
    }[];
    const jpn = run!.nations.JPN!.maritimeEvents;
    const inside = jpn.filter((e) => e.type === 'zone-entry' && e.zone === 'senkaku-territorial-sea');
    expect(inside.map((e) => e.mmsi[0]).sort()).toEqual(CCG);
    // The contiguous zone first, in the traffic's lead-in (before the drill's start).
    const outer = jpn.filter((e) => e.zone === 'senkaku-contiguous-zone');
    expect(outer.map((e) => e.mmsi[0]).sort()).toEqual(CCG);
    expect(outer.every((e) => e.scenarioS < 0)).toBe(true);
    expect(run!.nations.USA!.maritimeEvents).toEqual([]);
    const [incursion] = run!.consultations;
    expect(incursion).toMatchObject({
      convener: 'JPN',
      trigger: { kind: 'maritime-incursion', rules: ['senkaku-territorial-sea-incursion'] },
    });
    expect(incursion!.trigger.id).toMatch(/^zone-entry:/);
    expect(incursion!.convenedAtS).toBe(Math.ceil(inside[0]!.scenarioS));
    expect(r.stdout).toMatch(/JPN aware - warned - lead - maritime events \d+/);
  });
});
