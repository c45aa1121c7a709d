import { escapeHtml as esc } from '../../consult/index.js';
import type { ConsultationFigures, ExerciseDelays, ExerciseRun } from '../exercise.js';
import type { ExerciseResults, Spread } from '../results.js';
import {
  delaySettingLabel,
  leadTimeChart,
  POLICY_LABEL,
  sensitivityChart,
  timelineChart,
  varyingDelays,
  warnedNations,
} from './charts.js';
import { MAP_SOURCE, mapChart } from './map.js';
import { renderSvg } from './svg-chart.js';

// Every number the report shows from results.json carries `data-r="<path in results.json>"`, so a
// reader (and the test) can check it against the file: runs.0.nations.JPN.leadTimeS.

/** A figure from results.json at `path`: seconds to 0.1 (counts whole), '–' for null. */
export function figure(path: string, x: number | null | undefined, tag = 'span', digits = 1): string {
  const text = x === null || x === undefined ? '–' : x.toFixed(digits);
  return `<${tag} data-r="${esc(path)}">${text}</${tag}>`;
}
const td = (path: string, x: number | null | undefined) => figure(path, x, 'td');
const count = (path: string, x: number) => figure(path, x, 'td', 0);
const spreadCells = (path: string, s: Spread | null) =>
  s === null
    ? '<td>–</td><td>–</td><td>–</td>'
    : `${td(`${path}.mean`, s.mean)}${td(`${path}.min`, s.min)}${td(`${path}.max`, s.max)}`;

/** The run shown where one run stands for a policy: its first seed at the first delay setting. */
export function representativeRun(results: ExerciseResults, policy: string): number {
  const first = JSON.stringify(results.runs[0]!.delays);
  return results.runs.findIndex((r) => r.policy === policy && JSON.stringify(r.delays) === first);
}

function answer(results: ExerciseResults): string {
  const warned = warnedNations(results);
  if (warned.length === 0)
    return `<p class="answer">No nation was warned of a missile event it then met (an overflight of its land, or an impact in its land, territorial sea or EEZ)${results.runs.some((r) => r.missiles.length > 0) ? '' : ': the scenario has no missiles'}. The timelines, consultations and maritime events below are what it exercises.</p>`;
  const items = warned.map((n) => {
    const parts = results.summary.map((p, i) => {
      const f = p.nations[n]!;
      return `${figure(`summary.${i}.nations.${n}.leadTimeS.mean`, f.leadTimeS?.mean)} s ${esc(POLICY_LABEL[p.policy])}`;
    });
    const limits = results.summary
      .map((p, i) => ({ i, s: p.nations[n]!.physicalLimitLeadTimeS }))
      .filter((x) => x.s !== null);
    const best = limits.sort((a, b) => b.s!.mean - a.s!.mean)[0];
    return `<li><b>${esc(n)}</b>: ${parts.join(', ')}${best ? `; a warning at the physical limit would give ${figure(`summary.${best.i}.nations.${n}.physicalLimitLeadTimeS.mean`, best.s!.mean)} s` : ''}.</li>`;
  });
  const seeds = results.summary[0]!.seeds;
  return `<p class="answer">Warning lead time, the mean over ${seeds} seed${seeds === 1 ? '' : 's'}:</p><ul class="answer">${items.join('')}</ul>`;
}

function summaryTable(results: ExerciseResults): string {
  const rows = results.summary.flatMap((p, i) =>
    results.nations.map((n) => {
      const f = p.nations[n]!;
      const path = `summary.${i}.nations.${n}`;
      return `<tr><td class="t">${esc(POLICY_LABEL[p.policy])}</td><td class="t">${esc(n)}</td>${count(`summary.${i}.seeds`, p.seeds)}${spreadCells(`${path}.leadTimeS`, f.leadTimeS)}${td(`${path}.physicalLimitLeadTimeS.mean`, f.physicalLimitLeadTimeS?.mean)}${td(`${path}.firstWarningS.mean`, f.firstWarningS?.mean)}</tr>`;
    }),
  );
  return `<table><thead><tr><th>policy</th><th>nation</th><th>seeds</th><th>lead time, mean (s)</th><th>least</th><th>most</th><th>lead time at the physical limit (s)</th><th>first warning, mean (s)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function runsTable(results: ExerciseResults): string {
  const { nations } = results;
  const rows = results.runs.map((r, i) => {
    const cells = nations
      .map((n) => {
        const p = `runs.${i}.nations.${n}`;
        const f = r.nations[n];
        return `${td(`${p}.firstDetectionS`, f?.firstDetectionS)}${td(`${p}.firstAwarenessS`, f?.firstAwarenessS)}${td(`${p}.firstWarningS`, f?.firstWarningS)}${td(`${p}.leadTimeS`, f?.leadTimeS)}`;
      })
      .join('');
    return `<tr><td class="t">${esc(r.policy)}</td>${count(`runs.${i}.seed`, r.seed)}<td class="t">${esc(delayShort(r.delays))}</td>${td(`runs.${i}.physicalLimitS`, r.physicalLimitS)}${cells}</tr>`;
  });
  const head = nations
    .map(
      (n) =>
        `<th>${esc(n)} own detection</th><th>${esc(n)} awareness</th><th>${esc(n)} warning</th><th>${esc(n)} lead time</th>`,
    )
    .join('');
  return `<table><thead><tr><th>policy</th><th>seed</th><th>delays (link / relay review / release review)</th><th>physical limit</th>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

const delayShort = (d: ExerciseDelays) =>
  `${d.linkLatencyMs} ms / ${d.relayReviewMs / 1000} s / ${d.releaseReviewMs / 1000} s`;
const delayText = (d: ExerciseDelays) =>
  `link ${d.linkLatencyMs} ms, relay review ${d.relayReviewMs / 1000} s, release review ${d.releaseReviewMs / 1000} s`;

/** `missile-warning JPN:JPN:1:impact (rule-a, rule-b)`, or `manual: note`. */
function triggerText(t: ConsultationFigures['trigger']): string {
  if (t.kind === 'manual') return `manual${t.note ? `: ${t.note}` : ''}`;
  return `${t.kind} ${t.id}${t.rules?.length ? ` (${t.rules.join(', ')})` : ''}`;
}

function consultationRows(r: ExerciseRun, i: number): string {
  if (r.consultations.length === 0)
    return `<tr><td>${esc(r.policy)}</td><td>${r.seed}</td><td colspan="9">none convened</td></tr>`;
  return r.consultations
    .map((c, j) => {
      const p = `runs.${i}.consultations.${j}`;
      const acks = c.participants
        .map(
          (n) =>
            `${esc(n)} ${figure(`${p}.acknowledgedAtS.${n}`, c.acknowledgedAtS[n])}${c.missed.includes(n) ? ' (missed)' : ''}`,
        )
        .join('<br>');
      return `<tr><td>${esc(r.policy)}</td><td>${r.seed}</td><td class="t">${esc(c.id)}</td><td class="t">${esc(c.level)}</td><td class="t">${esc(triggerText(c.trigger))}</td><td class="t">${c.participants.map(esc).join(', ')} (convener ${esc(c.convener)})</td>${td(`${p}.convenedAtS`, c.convenedAtS)}<td>${acks}</td>${td(`${p}.escalatedAtS`, c.escalatedAtS)}${td(`${p}.agreedAtS`, c.agreedAtS)}<td class="t">${esc(c.status)}</td></tr>`;
    })
    .join('\n');
}

function warningsTable(results: ExerciseResults, i: number): string {
  const run = results.runs[i]!;
  if (run.warnings.length === 0) return '<p>No warnings were issued in this run.</p>';
  const rows = run.warnings.map((w, j) => {
    const p = `runs.${i}.warnings.${j}`;
    return `<tr><td class="t">${esc(w.nation)}</td><td class="t">${esc(w.missile)}</td><td class="t">${esc(w.reason)}</td><td class="t">${esc(w.area)}</td>${td(`${p}.issuedS`, w.issuedS)}${td(`${p}.eventS`, w.eventS)}<td>${w.latDeg.toFixed(2)}, ${w.lonDeg.toFixed(2)}</td><td>${w.ellipse ? `${(w.ellipse.semiMajorM / 1000).toFixed(1)} × ${(w.ellipse.semiMinorM / 1000).toFixed(1)} km` : '–'}</td>${td(`${p}.withdrawnS`, w.withdrawnS)}</tr>`;
  });
  return `<table><thead><tr><th>nation</th><th>missile</th><th>reason</th><th>area</th><th>issued (s)</th><th>predicted event (s)</th><th>predicted point (lat, lon)</th><th>95 % ellipse</th><th>withdrawn (s)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function maritimeSection(results: ExerciseResults): string {
  const i = 0;
  const run = results.runs[i]!;
  const any = results.nations.some((n) => (run.nations[n]?.maritimeEvents.length ?? 0) > 0);
  if (!any)
    return '<p>No maritime events: the scenario has no ships, or no nation’s receivers heard anything a detector flags.</p>';
  const counts = results.nations.map((n) => {
    const evs = run.nations[n]?.maritimeEvents ?? [];
    const types = [...new Set(evs.map((e) => e.type))].sort();
    return `<tr><td class="t">${esc(n)}</td><td>${evs.length}</td><td class="t">${types.map((t) => `${esc(t)} ${evs.filter((e) => e.type === t).length}`).join(', ') || '–'}</td></tr>`;
  });
  const lists = results.nations
    .filter((n) => (run.nations[n]?.maritimeEvents.length ?? 0) > 0)
    .map((n) => {
      const rows = run.nations[n]!.maritimeEvents.map(
        (e, j) =>
          `<tr>${td(`runs.${i}.nations.${n}.maritimeEvents.${j}.scenarioS`, e.scenarioS)}<td class="t">${esc(e.type)}</td><td class="t">${e.mmsi.join(', ')}</td><td class="t">${e.zone === null ? '–' : esc(e.zone)}</td></tr>`,
      );
      return `<details><summary>${esc(n)}: ${rows.length} events</summary><table><thead><tr><th>T+ (s from the scenario’s start)</th><th>type</th><th>MMSI</th><th>zone</th></tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
    });
  return `<p>What each nation’s node detected from what its own receivers and sensors heard (seed ${run.seed}, ${esc(POLICY_LABEL[run.policy])}; the ships are the same under every policy). Times are seconds from the scenario’s start, negative in the traffic’s lead-in.</p><table><thead><tr><th>nation</th><th>events</th><th>by type</th></tr></thead><tbody>${counts.join('')}</tbody></table>${lists.join('')}`;
}

function sensitivitySection(results: ExerciseResults): string {
  const rows = results.sensitivity;
  const option = sensitivityChart(results);
  if (!rows || !option)
    return '<p>One delay setting was run. <code>--delays relayReviewMs=0/10000/30000</code> sweeps a delay and draws here what it costs each nation.</p>';
  const varying = varyingDelays(rows);
  const body = rows.map((r, i) => {
    const cells = results.nations
      .map((n) => {
        const p = `sensitivity.${i}.nations.${n}`;
        const f = r.nations[n];
        return `${td(`${p}.firstAwarenessS`, f?.firstAwarenessS)}${td(`${p}.firstWarningS`, f?.firstWarningS)}${td(`${p}.leadTimeS`, f?.leadTimeS)}`;
      })
      .join('');
    return `<tr><td class="t">${esc(delaySettingLabel(r.delays, varying))}</td><td class="t">${esc(POLICY_LABEL[r.policy])}</td>${count(`sensitivity.${i}.seeds`, r.seeds)}${cells}</tr>`;
  });
  const head = results.nations
    .map((n) => `<th>${esc(n)} awareness</th><th>${esc(n)} warning</th><th>${esc(n)} lead time</th>`)
    .join('');
  return `<figure>${renderSvg(option, 900, 380)}</figure><table><thead><tr><th>setting</th><th>policy</th><th>seeds</th>${head}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function assumptionsSection(results: ExerciseResults): string {
  const used = results.runs[0]!.delays;
  const rows = (Object.keys(results.assumptions) as (keyof ExerciseDelays)[]).map((k) => {
    const values = [...new Set(results.runs.map((r) => r.delays[k]))];
    return `<tr><td class="t"><code>${esc(k)}</code></td><td>${values.join(' / ')}</td><td class="t">${esc(results.assumptions[k])}</td></tr>`;
  });
  return `<table><thead><tr><th>delay</th><th>value(s) run (ms)</th><th>source or default</th></tr></thead><tbody>${rows.join('')}</tbody></table>
<p>Physical limit: the earliest time any allied sensor has the missile in coverage, plus that sensor’s minimum confirmation time (4 scans), from truth, not from the tracker. Awareness: a confirmed track of the missile in the nation’s picture, own or partner’s (within 20 km of the truth). Lead time: from the first warning to what truth says happens to the nation (its overflight, else an impact in its land, territorial sea or EEZ). Delays not varied: ${esc(delayText(used))}.</p>`;
}

function provenanceSection(results: ExerciseResults): string {
  const p = results.provenance;
  const kind =
    p.kind === 'historical'
      ? 'a reconstruction of a public event, from public figures'
      : p.kind === 'hypothetical'
        ? 'hypothetical: made up for the exercise'
        : 'not stated by the scenario';
  return `<dl><dt>Scenario</dt><dd><code>${esc(results.scenario)}</code> (${esc(p.source)})</dd><dt>Provenance</dt><dd><b>${esc(p.kind)}</b>: ${esc(kind)}</dd><dt>Description</dt><dd>${esc(p.description)}</dd>${p.notes ? `<dt>Notes in the file</dt><dd>${esc(p.notes)}</dd>` : ''}<dt>Time base</dt><dd>${esc(results.timeBase.note)} (time 0 = ${esc(results.timeBase.at)})</dd></dl>`;
}

const sentence = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;padding:0 1em;color:#222;line-height:1.4}
h1{margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ccc}.sub{color:#555;margin-top:0}
.answer{font-size:1.1em}table{border-collapse:collapse;margin:.8em 0 1.5em;font-size:.9em}
td,th{border:1px solid #bbb;padding:.25em .5em;text-align:right;vertical-align:top}td.t,th{text-align:left}
figure{margin:0}svg{max-width:100%;height:auto}dt{font-weight:600;margin-top:.4em}details{margin:.4em 0}
.badge{display:inline-block;padding:.1em .5em;border-radius:.3em;background:#eee;font-size:.85em}`;

/**
 * The exercise's `report.html`, self-contained (charts rendered to inline SVG, no script, no fetch):
 * the question and its answer first, then a timeline per policy, the map, the sensitivity to the
 * delays, the maritime events, every run's figures and consultations, the assumptions and the
 * provenance. Every value from the scenario or the runs is HTML-escaped.
 */
export function exerciseReportHtml(results: ExerciseResults): string {
  const { nations } = results;
  const t = (s: string) => esc(s);
  const policies = results.policies.map((p) => POLICY_LABEL[p]).join(' / ');
  const warned = warnedNations(results);
  const timelines = results.policies
    .map((policy) => {
      const i = representativeRun(results, policy);
      const run = results.runs[i]!;
      const lanes = 1 + nations.length + run.consultations.length;
      return `<h3>${t(POLICY_LABEL[policy])} (seed ${run.seed})</h3><figure>${renderSvg(timelineChart(run, nations, 'seconds (results’ time base)'), 1000, 110 + 48 * lanes)}</figure>`;
    })
    .join('\n');
  const mapPolicy = results.policies.includes('trilateral') ? 'trilateral' : results.policies.at(-1)!;
  const mapRun = representativeRun(results, mapPolicy);
  const hasMissiles = results.runs[mapRun]!.missiles.length > 0;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Concord exercise: ${t(results.scenario)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body>
<h1>Exercise: ${t(results.scenario)}</h1>
<p class="sub">${t(results.provenance.description)} <span class="badge">${t(results.provenance.kind)}</span></p>
<h2>The question</h2>
<p>How much warning does each nation get${warned.length ? ' of the missile' : ''} under ${t(policies)} sharing?</p>
${answer(results)}
${warned.length ? `<figure>${renderSvg(leadTimeChart(results), 900, 90 + 34 * warned.length * results.summary.length)}</figure>` : ''}
${summaryTable(results)}
<h2>Timelines</h2>
<p>First own detection, awareness and first warning per nation, and each consultation’s convening, acknowledgements, escalation and agreement. ${t(sentence(results.timeBase.note))}.</p>
${timelines}
<h2>Map</h2>
${
  hasMissiles
    ? `<p>True ground tracks, and each warning’s predicted point (labelled with the warned area) and predicted-impact 95 % ellipse, as the ${t(POLICY_LABEL[mapPolicy])} run of seed ${results.runs[mapRun]!.seed} saw them. Land: ${t(MAP_SOURCE)}.</p><figure>${renderSvg(mapChart(results.runs[mapRun]!, nations), 1000, 640)}</figure>
${warningsTable(results, mapRun)}`
    : '<p>The scenario has no missiles: nothing to draw.</p>'
}
<h2>Sensitivity to the delays</h2>
${sensitivitySection(results)}
<h2>Maritime events</h2>
${maritimeSection(results)}
<h2>Every run</h2>
<p>Seconds in the results’ time base; – where it never happened.</p>
${runsTable(results)}
<h2>Consultations</h2>
<p>As the convener's node folds each at the end of the run. Acknowledged: when each participant acknowledged (the convener: the convening), – if never; missed: past a deadline. Escalated: the first escalation.</p>
<table><thead><tr><th>policy</th><th>seed</th><th>id</th><th>level</th><th>trigger</th><th>participants</th><th>convened</th><th>acknowledged</th><th>escalated</th><th>agreed</th><th>status</th></tr></thead>
<tbody>
${results.runs.map(consultationRows).join('\n')}
</tbody></table>
<h2>Assumptions</h2>
${assumptionsSection(results)}
<h2>Provenance</h2>
${provenanceSection(results)}
<p class="sub">Written by <code>concord exercise</code>; the figures are those of <code>results.json</code> beside this file. Charts: Apache ECharts, rendered to SVG when the report was written.</p>
</body></html>
`;
}
