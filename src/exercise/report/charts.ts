import type { Nation } from '../../domain/index.js';
import type { SharingPolicy } from '../../link/index.js';
import type { ExerciseDelays, ExerciseRun } from '../exercise.js';
import type { ExerciseResults, SensitivityRow } from '../results.js';
import type { ChartOption } from './svg-chart.js';

// The report's charts as ECharts options: pure functions of results.json, rendered elsewhere.

export const POLICY_LABEL: Record<SharingPolicy, string> = {
  none: 'no sharing',
  'us-hub': 'US hub',
  trilateral: 'trilateral',
};

const POLICY_COLOUR: Record<SharingPolicy, string> = {
  none: '#9a9a9a',
  'us-hub': '#d08a1a',
  trilateral: '#1f4e79',
};

const axisName = { nameLocation: 'middle', nameGap: 28 } as const;

/** The nations with a lead time under some policy: the ones the question is about. */
export function warnedNations(results: ExerciseResults): Nation[] {
  return results.nations.filter((n) => results.summary.some((p) => p.nations[n]?.leadTimeS));
}

/**
 * The headline: each warned nation's lead time per policy (mean over seeds, whiskers from the least
 * to the most), with the lead time a warning at the physical limit would have given.
 */
export function leadTimeChart(results: ExerciseResults): ChartOption {
  const rows = warnedNations(results).flatMap((n) =>
    results.summary.map((p) => ({ nation: n, policy: p.policy, f: p.nations[n]! })),
  );
  // Top to bottom in the order asked: ECharts counts a category axis from the bottom.
  rows.reverse();
  const labels = rows.map((r) => `${r.nation} · ${POLICY_LABEL[r.policy]}`);
  return {
    grid: { left: 150, right: 90, top: 40, bottom: 50 },
    legend: { top: 6, itemGap: 24, data: ['mean lead time', 'spread over seeds', 'physical limit'] },
    xAxis: { type: 'value', name: 'warning lead time (s)', ...axisName, min: 0 },
    yAxis: { type: 'category', data: labels },
    series: [
      {
        name: 'mean lead time',
        type: 'bar',
        barWidth: '55%',
        data: rows.map((r) => ({
          value: r.f.leadTimeS?.mean ?? null,
          itemStyle: { color: POLICY_COLOUR[r.policy] },
        })),
        label: { show: true, position: 'insideRight', color: '#fff', formatter: '{c} s' },
      },
      {
        name: 'spread over seeds',
        type: 'custom',
        itemStyle: { color: '#222' },
        data: rows.map((r, i) => [i, r.f.leadTimeS?.min ?? null, r.f.leadTimeS?.max ?? null]),
        renderItem: (
          _: unknown,
          api: {
            value(d: number): number;
            coord(p: [number, number]): [number, number];
            size(p: [number, number]): [number, number];
          },
        ) => {
          const lo = api.value(1);
          const hi = api.value(2);
          if (!Number.isFinite(lo) || !Number.isFinite(hi)) return null;
          const a = api.coord([lo, api.value(0)]);
          const b = api.coord([hi, api.value(0)]);
          const h = api.size([0, 1])[1] * 0.2;
          const line = (x1: number, y1: number, x2: number, y2: number) => ({
            type: 'line',
            shape: { x1, y1, x2, y2 },
            style: { stroke: '#222', lineWidth: 1.5 },
          });
          return {
            type: 'group',
            children: [
              line(a[0], a[1], b[0], b[1]),
              line(a[0], a[1] - h, a[0], a[1] + h),
              line(b[0], b[1] - h, b[0], b[1] + h),
            ],
          };
        },
        encode: { x: [1, 2], y: 0 },
      },
      {
        name: 'physical limit',
        type: 'scatter',
        symbol: 'diamond',
        symbolSize: 12,
        itemStyle: { color: '#c0504d' },
        data: rows.map((r, i) => [r.f.physicalLimitLeadTimeS?.mean ?? null, i]),
        label: { show: true, position: 'right', formatter: (p: { value: number[] }) => `${p.value[0]} s` },
      },
    ],
  };
}

/** What the timeline shows, in its legend's order, with each kind's marker. */
const EVENT_KINDS = [
  ['launch', 'triangle', '#444'],
  ['impact', 'pin', '#444'],
  ['physical limit', 'diamond', '#c0504d'],
  ['first own detection', 'circle', '#4f8a3c'],
  ['awareness', 'rect', '#1f4e79'],
  ['warning', 'triangle', '#d08a1a'],
  ['convened', 'roundRect', '#8064a2'],
  ['acknowledged', 'circle', '#2c9c9c'],
  ['escalated', 'arrow', '#c0504d'],
  ['agreed', 'diamond', '#4f8a3c'],
] as const;
type EventKind = (typeof EVENT_KINDS)[number][0];

/** One point of a timeline: a lane, a time (s, the results' time base), a kind, a label. */
export interface TimelineEvent {
  lane: string;
  tS: number;
  kind: EventKind;
  label: string;
}

/** The events of one run, lane by lane: the missiles, each nation, each consultation. */
export function timelineEvents(run: ExerciseRun, nations: readonly Nation[]): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const m of run.missiles) {
    out.push({ lane: 'missiles', tS: m.launchS, kind: 'launch', label: `${m.id} launch` });
    out.push({ lane: 'missiles', tS: m.impactS, kind: 'impact', label: `${m.id} impact` });
  }
  if (run.physicalLimitS !== null)
    out.push({ lane: 'missiles', tS: run.physicalLimitS, kind: 'physical limit', label: 'physical limit' });
  for (const n of nations) {
    const f = run.nations[n];
    if (!f) continue;
    if (f.firstDetectionS !== null)
      out.push({ lane: n, tS: f.firstDetectionS, kind: 'first own detection', label: 'detection' });
    if (f.firstAwarenessS !== null)
      out.push({ lane: n, tS: f.firstAwarenessS, kind: 'awareness', label: 'aware' });
    if (f.firstWarningS !== null)
      out.push({ lane: n, tS: f.firstWarningS, kind: 'warning', label: 'warned' });
  }
  run.consultations.forEach((c, i) => {
    const lane = `consultation ${i + 1} (${c.level})`;
    out.push({ lane, tS: c.convenedAtS, kind: 'convened', label: `convened by ${c.convener}` });
    for (const n of c.participants) {
      const at = c.acknowledgedAtS[n];
      if (at !== null && at !== undefined && n !== c.convener)
        out.push({ lane, tS: at, kind: 'acknowledged', label: n });
    }
    if (c.escalatedAtS !== null)
      out.push({ lane, tS: c.escalatedAtS, kind: 'escalated', label: 'escalated' });
    if (c.agreedAtS !== null) out.push({ lane, tS: c.agreedAtS, kind: 'agreed', label: 'agreed' });
  });
  return out;
}

/**
 * The label each event carries on the chart: events of a lane closer than `gapS` share one label,
 * on the first of them (`detection 53.4 · aware 56.4 · warned 57.0`); the others carry none.
 * `nth` counts the labels along the lane (the chart puts every other one below its marker).
 */
export function clusterLabels(
  events: readonly TimelineEvent[],
  gapS: number,
): Map<TimelineEvent, { text: string; nth: number }> {
  const out = new Map<TimelineEvent, { text: string; nth: number }>();
  const lanes = new Map<string, TimelineEvent[]>();
  for (const e of events) lanes.set(e.lane, [...(lanes.get(e.lane) ?? []), e]);
  for (const list of lanes.values()) {
    const sorted = [...list].sort((a, b) => a.tS - b.tS);
    let head: TimelineEvent | null = null;
    let parts: string[] = [];
    let lastS = Number.NEGATIVE_INFINITY;
    let nth = 0;
    const flush = () => {
      if (head) out.set(head, { text: parts.join(' · '), nth: nth++ });
    };
    for (const e of sorted) {
      if (e.tS - lastS > gapS) {
        flush();
        head = e;
        parts = [];
      }
      parts.push(`${e.label} ${e.tS.toFixed(1)}`);
      lastS = e.tS;
    }
    flush();
  }
  return out;
}

/** A run's timeline: one lane per missile group, nation and consultation; time across. */
export function timelineChart(run: ExerciseRun, nations: readonly Nation[], timeAxis: string): ChartOption {
  const events = timelineEvents(run, nations);
  const lanes = [...new Set(events.map((e) => e.lane))].reverse();
  const times = events.map((e) => e.tS);
  const labels = clusterLabels(events, (Math.max(...times) - Math.min(...times)) * 0.1);
  return {
    grid: { left: 170, right: 60, top: 56, bottom: 50 },
    legend: {
      top: 6,
      itemGap: 24,
      data: EVENT_KINDS.map((k) => k[0]).filter((k) => events.some((e) => e.kind === k)),
    },
    xAxis: { type: 'value', name: timeAxis, ...axisName, scale: true },
    yAxis: { type: 'category', data: lanes, splitLine: { show: true } },
    series: EVENT_KINDS.filter(([k]) => events.some((e) => e.kind === k)).map(([kind, symbol, color]) => ({
      name: kind,
      type: 'scatter',
      symbol,
      symbolSize: 11,
      itemStyle: { color },
      data: events
        .filter((e) => e.kind === kind)
        .map((e) => ({
          value: [e.tS, lanes.indexOf(e.lane)],
          label: labels.has(e)
            ? {
                show: true,
                formatter: labels.get(e)!.text,
                position: labels.get(e)!.nth % 2 === 0 ? 'top' : 'bottom',
              }
            : { show: false },
        })),
      label: { position: 'top', fontSize: 10, color: '#333' },
    })),
  };
}

/** `relay review 10 s`: the delays that vary between the rows, as a planner names them. */
export function delaySettingLabel(
  delays: ExerciseDelays,
  varying: readonly (keyof ExerciseDelays)[],
): string {
  const name: Record<keyof ExerciseDelays, string> = {
    linkLatencyMs: 'link',
    relayReviewMs: 'relay review',
    releaseReviewMs: 'release review',
  };
  return varying
    .map((k) => (k === 'linkLatencyMs' ? `${name[k]} ${delays[k]} ms` : `${name[k]} ${delays[k] / 1000} s`))
    .join(', ');
}

export function varyingDelays(rows: readonly SensitivityRow[]): (keyof ExerciseDelays)[] {
  const keys = Object.keys(rows[0]?.delays ?? {}) as (keyof ExerciseDelays)[];
  return keys.filter((k) => new Set(rows.map((r) => r.delays[k])).size > 1);
}

/**
 * Lead time per nation and policy as the delays grow (first awareness instead when no nation has a
 * lead time, as in a scenario whose missiles threaten no one's areas).
 */
export function sensitivityChart(results: ExerciseResults): ChartOption | null {
  const rows = results.sensitivity;
  if (!rows || rows.length === 0) return null;
  const varying = varyingDelays(rows);
  const settings = [...new Set(rows.map((r) => JSON.stringify(r.delays)))];
  const metric = rows.some((r) => Object.values(r.nations).some((f) => f?.leadTimeS !== null))
    ? 'leadTimeS'
    : 'firstAwarenessS';
  const series = results.policies.flatMap((policy) =>
    results.nations.flatMap((n) => {
      const data = settings.map((s) => {
        const row = rows.find((r) => r.policy === policy && JSON.stringify(r.delays) === s);
        return row?.nations[n]?.[metric] ?? null;
      });
      if (data.every((x) => x === null)) return [];
      return [
        {
          name: `${n} · ${POLICY_LABEL[policy]}`,
          type: 'line',
          data,
          symbolSize: 8,
          label: { show: true, position: 'top', fontSize: 10 },
          lineStyle: { type: policy === 'none' ? 'dotted' : policy === 'us-hub' ? 'dashed' : 'solid' },
        },
      ];
    }),
  );
  return {
    grid: { left: 70, right: 40, top: 60, bottom: 60 },
    legend: { top: 6, itemGap: 24 },
    xAxis: {
      type: 'category',
      data: settings.map((s) => delaySettingLabel(JSON.parse(s) as ExerciseDelays, varying)),
      name: 'delay setting',
      ...axisName,
      nameGap: 36,
    },
    yAxis: {
      type: 'value',
      name: metric === 'leadTimeS' ? 'warning lead time (s)' : 'first awareness (s)',
      nameLocation: 'middle',
      nameGap: 48,
    },
    series,
  };
}
