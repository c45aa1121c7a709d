import { escapeHtml as esc } from '../consult/index.js';
import type { Nation } from '../domain/index.js';
import type { ConsultationFigures, ExerciseRun } from './exercise.js';

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${x.toFixed(1)} s`);

/** `missile-warning JPN:JPN:1:impact (rule-a, rule-b)`, or `manual: note`. */
function triggerText(t: ConsultationFigures['trigger']): string {
  if (t.kind === 'manual') return `manual${t.note ? `: ${t.note}` : ''}`;
  return `${t.kind} ${t.id}${t.rules?.length ? ` (${t.rules.join(', ')})` : ''}`;
}

function consultationRows(r: ExerciseRun): string {
  if (r.consultations.length === 0)
    return `<tr><td>${esc(r.policy)}</td><td>${r.seed}</td><td colspan="9">none convened</td></tr>`;
  return r.consultations
    .map((c) => {
      const acks = c.participants
        .map((n) => `${esc(n)} ${fmt(c.acknowledgedAtS[n])}${c.missed.includes(n) ? ' (missed)' : ''}`)
        .join('<br>');
      return `<tr><td>${esc(r.policy)}</td><td>${r.seed}</td><td class="t">${esc(c.id)}</td><td class="t">${esc(c.level)}</td><td class="t">${esc(triggerText(c.trigger))}</td><td class="t">${c.participants.map(esc).join(', ')} (convener ${esc(c.convener)})</td><td>${fmt(c.convenedAtS)}</td><td>${acks}</td><td>${fmt(c.escalatedAtS)}</td><td>${fmt(c.agreedAtS)}</td><td class="t">${esc(c.status)}</td></tr>`;
    })
    .join('\n');
}

/**
 * The exercise's `report.html`: per run the nations' figures, then every consultation (id, level
 * reached, trigger, participants, convened / acknowledged / escalated / agreed times, status). Every
 * value from the scenario or the run is HTML-escaped.
 */
export function exerciseReportHtml(
  name: string,
  runs: readonly ExerciseRun[],
  nations: readonly Nation[],
): string {
  const rows = runs
    .map(
      (r) =>
        `<tr><td>${esc(r.policy)}</td><td>${r.seed}</td><td>${fmt(r.physicalLimitS)}</td>${nations
          .map((n) => {
            const f = r.nations[n];
            return `<td>${fmt(f?.firstDetectionS)}</td><td>${fmt(f?.firstAwarenessS)}</td><td>${fmt(f?.firstWarningS)}</td><td>${fmt(f?.leadTimeS)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Concord exercise: ${esc(name)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #bbb;padding:.3em .6em;text-align:right;vertical-align:top}td.t{text-align:left}</style></head>
<body><h1>Exercise: ${esc(name)}</h1>
<p>Seconds from the scenario's first launch (from its start when it has no missile). Physical limit: the earliest time any allied sensor has the missile in coverage plus that sensor's minimum confirmation time. Awareness: a confirmed track of the missile in the nation's picture, own or partner.</p>
<table><thead><tr><th>policy</th><th>seed</th><th>physical limit</th>${nations.map((n) => `<th>${esc(n)} own detection</th><th>${esc(n)} awareness</th><th>${esc(n)} warning</th><th>${esc(n)} lead time</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody></table>
<p>Warnings: overflight of, or impact on, the nation's land, territorial sea or EEZ, or a US base. Lead time: from the first warning to the overflight or impact in truth.</p>
<h2>Consultations</h2>
<p>As the convener's node folds each at the end of the run. Acknowledged: when each participant acknowledged (the convener: the convening), - if never; missed: past a deadline. Escalated: the first escalation.</p>
<table><thead><tr><th>policy</th><th>seed</th><th>id</th><th>level</th><th>trigger</th><th>participants</th><th>convened</th><th>acknowledged</th><th>escalated</th><th>agreed</th><th>status</th></tr></thead>
<tbody>
${runs.map(consultationRows).join('\n')}
</tbody></table>
</body></html>
`;
}
