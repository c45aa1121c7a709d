import { describe, expect, it } from 'vitest';
import { chain, compareDates, renderChain } from '../../src/commitments/index.js';
import { bundled } from './fixtures.js';

const reg = bundled();
const steps = chain(reg, 'rok-jpn-2018-2023');

describe('the 2018–2023 ROK–Japan cascade', () => {
  it('runs in date order from the forced-labour rulings to Japan’s 2023 restoration of the ROK', () => {
    const dates = steps.map((s) => s.date);
    expect(dates).toEqual([...dates].sort());
    expect(steps[0]!.entry.id).toBe('kor-sc-ruling-nippon-steel-2018');
    expect(steps.at(-1)).toMatchObject({
      date: '2023-07-21',
      entry: { id: 'jpn-restores-rok-white-list-2023' },
    });
  });

  it('holds the dated steps of the reference facts', () => {
    const on = Object.fromEntries(steps.map((s) => [s.entry.id, s.date]));
    expect(on).toMatchObject({
      'kor-sc-ruling-mhi-2018': '2018-11-29',
      'jpn-export-curbs-2019': '2019-07-01',
      'jpn-white-list-removal-2019': '2019-08-02',
      'kor-gsomia-notice-2019': '2019-08-23',
      'kor-wto-complaint-2019': '2019-09-11',
      'kor-white-list-removal-2019': '2019-09-18',
      'kor-gsomia-notice-suspended-2019': '2019-11-22T18:00+09:00',
      'kor-third-party-compensation-2023': '2023-03-06',
      'kor-gsomia-notes-withdrawn-2023': '2023-03-21',
      'jpn-lifts-export-curbs-2023': '2023-03-23',
      'kor-restores-japan-white-list-2023': '2023-04-24',
    });
  });

  it('resolves every link, and answers and restorations point back in time', () => {
    for (const s of steps) {
      for (const l of s.links) {
        expect(reg.entry(l.to.id)).toBe(l.to);
        if (l.type !== 'conditioned-on')
          expect(compareDates(l.to.date!, s.date) <= 0, `${s.entry.id} ${l.type} ${l.to.id}`).toBe(true);
      }
    }
  });

  it('links the GSOMIA notice to the export measures it answered, and each 2019 measure to what undid it', () => {
    const step = (id: string) => steps.find((s) => s.entry.id === id)!;
    expect(step('kor-gsomia-notice-2019').links.map((l) => [l.type, l.to.id])).toEqual([
      ['retaliation-for', 'jpn-export-curbs-2019'],
      ['retaliation-for', 'jpn-white-list-removal-2019'],
    ]);
    for (const id of [
      'jpn-export-curbs-2019',
      'jpn-white-list-removal-2019',
      'kor-white-list-removal-2019',
      'kor-gsomia-notice-2019',
    ])
      expect(
        step(id).linkedFrom.some((l) => l.type === 'restores'),
        id,
      ).toBe(true);
  });

  it('renders as text, one dated line per step, with the Wilson paper’s warning', () => {
    const text = renderChain(reg, 'rok-jpn-2018-2023', '2020-01-01', 'text');
    expect(text).toContain('wilson-2022');
    const stepLines = text.split('\n').filter((l) => /^\d{4}-\d{2}-\d{2}[T ]/.test(l));
    expect(stepLines).toHaveLength(steps.length);
    expect(stepLines.find((l) => l.includes('[jpn-export-curbs-2019]'))).toMatch(/ met /);
    expect(stepLines.find((l) => l.includes('[jpn-lifts-export-curbs-2023]'))).toContain('not yet');
  });

  it('renders as Markdown, numbered in date order, with sources', () => {
    const md = renderChain(reg, 'rok-jpn-2018-2023', '2026-01-01', 'md');
    expect(md.startsWith('## ROK–Japan cascade')).toBe(true);
    expect(md).toContain('1. **2018-10-30**');
    expect(md).toContain(`${steps.length}. **2023-07-21**`);
    expect(md).toContain('Korea Herald: Seoul formally normalizes GSOMIA with Tokyo (2023-03-21)');
  });
});
