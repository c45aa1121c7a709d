import type { ExerciseResults, Spread } from '../results.js';
import { POLICY_LABEL, warnedNations } from './charts.js';

const num = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(1));
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const spread = (s: Spread | null) => (s ? `${num(s.mean)} (${num(s.min)}–${num(s.max)})` : '–');

/**
 * `report.md` for a wiki: the question and the answer, the summary, every run, the consultations,
 * the assumptions and the provenance, with the charts as the SVG files written beside it
 * (`charts`: file names by chart, only those written).
 */
export function exerciseReportMarkdown(
  results: ExerciseResults,
  charts: Partial<Record<'leadTimes' | 'sensitivity' | 'map', string>> = {},
): string {
  const out: string[] = [];
  const p = results.provenance;
  out.push(`# Exercise: ${results.scenario}`, '', `${p.description} (*${p.kind}*)`, '');
  out.push('## The question', '');
  out.push(
    `How much warning does each nation get under ${results.policies.map((x) => POLICY_LABEL[x]).join(' / ')} sharing? Mean lead time over the seeds (least–most), seconds:`,
    '',
  );
  const warned = warnedNations(results);
  if (warned.length === 0) out.push('No nation was warned of a missile event it then met.', '');
  if (charts.leadTimes) out.push(`![lead times](${charts.leadTimes})`, '');
  out.push(
    `| nation | ${results.summary.map((s) => POLICY_LABEL[s.policy]).join(' | ')} | at the physical limit |`,
    `|---|${results.summary.map(() => '---|').join('')}---|`,
  );
  for (const n of results.nations) {
    const limit = results.summary
      .map((s) => s.nations[n]?.physicalLimitLeadTimeS?.mean ?? null)
      .filter((x): x is number => x !== null);
    out.push(
      `| ${n} | ${results.summary.map((s) => spread(s.nations[n]?.leadTimeS ?? null)).join(' | ')} | ${limit.length ? num(Math.max(...limit)) : '–'} |`,
    );
  }
  const note = results.timeBase.note;
  out.push('', '## Every run', '', `${note.charAt(0).toUpperCase()}${note.slice(1)}.`, '');
  out.push(
    `| policy | seed | physical limit | ${results.nations.map((n) => `${n} detection | ${n} awareness | ${n} warning | ${n} lead time`).join(' | ')} |`,
    `|---|---|---|${results.nations.map(() => '---|---|---|---|').join('')}`,
  );
  for (const r of results.runs)
    out.push(
      `| ${r.policy} | ${r.seed} | ${num(r.physicalLimitS)} | ${results.nations
        .map((n) => {
          const f = r.nations[n];
          return `${num(f?.firstDetectionS)} | ${num(f?.firstAwarenessS)} | ${num(f?.firstWarningS)} | ${num(f?.leadTimeS)}`;
        })
        .join(' | ')} |`,
    );
  if (charts.map) out.push('', '## Map', '', `![map](${charts.map})`);
  if (charts.sensitivity)
    out.push('', '## Sensitivity to the delays', '', `![sensitivity](${charts.sensitivity})`);
  out.push(
    '',
    '## Consultations',
    '',
    '| policy | seed | level | convener | convened | escalated | agreed | status |',
  );
  out.push('|---|---|---|---|---|---|---|---|');
  for (const r of results.runs)
    for (const c of r.consultations)
      out.push(
        `| ${r.policy} | ${r.seed} | ${c.level} | ${c.convener} | ${num(c.convenedAtS)} | ${num(c.escalatedAtS)} | ${num(c.agreedAtS)} | ${c.status} |`,
      );
  const first = results.runs[0]!;
  out.push('', '## Maritime events', '', `Seed ${first.seed}, ${POLICY_LABEL[first.policy]}:`, '');
  for (const n of results.nations) out.push(`- ${n}: ${first.nations[n]?.maritimeEvents.length ?? 0} events`);
  out.push('', '## Assumptions', '');
  for (const [k, v] of Object.entries(results.assumptions)) out.push(`- \`${k}\`: ${cell(v)}`);
  out.push('', '## Provenance', '', `- ${p.kind}: ${cell(p.description)}`, `- source: \`${p.source}\``);
  if (p.notes) out.push(`- notes: ${cell(p.notes)}`);
  return `${out.join('\n')}\n`;
}
