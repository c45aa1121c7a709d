import type { Nation } from '../domain/index.js';
import type { SharingPolicy } from '../link/index.js';
import {
  DELAY_ASSUMPTIONS,
  type ExerciseDelays,
  type ExerciseRun,
  type ExerciseTimeBase,
  exerciseTimeBase,
} from './exercise.js';

/** Where a scenario comes from: a reconstruction of a public event, or made up for a drill. */
export interface ScenarioProvenance {
  /**
   * `hypothetical` when the scenario's description says so; `historical` when it names the date of
   * the public event it is modelled on (YYYY-MM-DD); `not stated` otherwise.
   */
  kind: 'historical' | 'hypothetical' | 'not stated';
  description: string;
  /** The scenario file, as given (a bundled name or a path). */
  source: string;
  /** The file's leading comment: its sources and what is approximated or assumed. */
  notes: string;
}

/** min / mean / max of a figure over seeds (null: it never happened in any run). */
export interface Spread {
  mean: number;
  min: number;
  max: number;
  /** How many runs had the figure. */
  n: number;
}

/** The headline: per policy, each nation's lead time over the seeds, at one delay setting. */
export interface PolicySummary {
  policy: SharingPolicy;
  delays: ExerciseDelays;
  seeds: number;
  physicalLimitS: Spread | null;
  nations: Partial<
    Record<
      Nation,
      { leadTimeS: Spread | null; physicalLimitLeadTimeS: Spread | null; firstWarningS: Spread | null }
    >
  >;
}

/** Per delay setting and policy, each nation's mean first awareness, first warning and lead time. */
export interface SensitivityRow {
  delays: ExerciseDelays;
  policy: SharingPolicy;
  seeds: number;
  nations: Partial<
    Record<Nation, { firstAwarenessS: number | null; firstWarningS: number | null; leadTimeS: number | null }>
  >;
}

/** results.json. Its fields are extended, never renamed: outside tools read it. */
export interface ExerciseResults {
  scenario: string;
  timeBase: ExerciseTimeBase;
  assumptions: Record<keyof ExerciseDelays, string>;
  /** The nations that ran a node, and the policies run, in the order asked. */
  nations: Nation[];
  policies: SharingPolicy[];
  provenance: ScenarioProvenance;
  /** Per policy over the seeds, at the first delay setting asked (the defaults without --delays). */
  summary: PolicySummary[];
  runs: ExerciseRun[];
  /** Present when --delays asked for more than one setting. */
  sensitivity?: SensitivityRow[];
}

export interface ResultsInput {
  readonly scenario: {
    name: string;
    description: string;
    startMs: number;
    missiles: readonly { id: string; launchAfterS: number }[];
  };
  /** The scenario as given, and its file's text (for the provenance). */
  readonly source: string;
  readonly fileText: string;
  readonly nations: readonly Nation[];
  readonly policies: readonly SharingPolicy[];
  readonly runs: ExerciseRun[];
}

/**
 * results.json from the runs of an exercise: the runs as measured, the headline summary, the
 * sensitivity rows when more than one delay setting ran, and the scenario's provenance.
 * @example exerciseResults({ scenario, source: 'korea-irbm-over-japan', fileText, nations, policies, runs }).summary[0].nations.JPN.leadTimeS
 */
export function exerciseResults(i: ResultsInput): ExerciseResults {
  if (i.runs.length === 0) throw new RangeError('invariant: an exercise has at least one run');
  const settings = [...new Set(i.runs.map((r) => JSON.stringify(r.delays)))];
  return {
    scenario: i.scenario.name,
    timeBase: exerciseTimeBase(i.scenario),
    assumptions: DELAY_ASSUMPTIONS,
    nations: [...i.nations],
    policies: [...i.policies],
    provenance: scenarioProvenance(i.scenario.description, i.source, i.fileText),
    summary: i.policies.map((policy) =>
      policySummary(
        i.runs.filter((r) => r.policy === policy && JSON.stringify(r.delays) === settings[0]),
        i.nations,
      ),
    ),
    runs: i.runs,
    ...(settings.length > 1 ? { sensitivity: sensitivity(i.runs, i.nations) } : {}),
  };
}

function policySummary(runs: readonly ExerciseRun[], nations: readonly Nation[]): PolicySummary {
  const first = runs[0];
  if (!first) throw new RangeError('invariant: every policy asked has runs');
  return {
    policy: first.policy,
    delays: first.delays,
    seeds: runs.length,
    physicalLimitS: spread(runs.map((r) => r.physicalLimitS)),
    nations: Object.fromEntries(
      nations.map((n) => [
        n,
        {
          leadTimeS: spread(runs.map((r) => r.nations[n]?.leadTimeS ?? null)),
          physicalLimitLeadTimeS: spread(runs.map((r) => r.nations[n]?.physicalLimitLeadTimeS ?? null)),
          firstWarningS: spread(runs.map((r) => r.nations[n]?.firstWarningS ?? null)),
        },
      ]),
    ),
  };
}

/** One row per delay setting and policy: the table a planner reads to see what a delay costs. */
function sensitivity(runs: readonly ExerciseRun[], nations: readonly Nation[]): SensitivityRow[] {
  const groups = new Map<string, ExerciseRun[]>();
  for (const r of runs) {
    const key = `${JSON.stringify(r.delays)}|${r.policy}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const mean = (xs: (number | null)[]) => spread(xs)?.mean ?? null;
  return [...groups.values()].map((rs) => ({
    delays: rs[0]!.delays,
    policy: rs[0]!.policy,
    seeds: rs.length,
    nations: Object.fromEntries(
      nations.map((n) => [
        n,
        {
          firstAwarenessS: mean(rs.map((r) => r.nations[n]?.firstAwarenessS ?? null)),
          firstWarningS: mean(rs.map((r) => r.nations[n]?.firstWarningS ?? null)),
          leadTimeS: mean(rs.map((r) => r.nations[n]?.leadTimeS ?? null)),
        },
      ]),
    ),
  }));
}

/** mean (to 0.1), min, max of the values present; null when none is. */
export function spread(xs: readonly (number | null)[]): Spread | null {
  const v = xs.filter((x): x is number => x !== null);
  if (v.length === 0) return null;
  return {
    mean: Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 10) / 10,
    min: Math.min(...v),
    max: Math.max(...v),
    n: v.length,
  };
}

/**
 * The provenance of a scenario from its description and its file's leading comment.
 * @example scenarioProvenance('Hypothetical drill: ...', 'senkaku-incursion-drill', text).kind // 'hypothetical'
 */
export function scenarioProvenance(
  description: string,
  source: string,
  fileText: string,
): ScenarioProvenance {
  const notes: string[] = [];
  for (const line of fileText.split('\n')) {
    if (!line.startsWith('#')) break;
    notes.push(line.replace(/^#\s?/, ''));
  }
  const kind = /^\s*"?hypothetical/i.test(description)
    ? 'hypothetical'
    : /\b(19|20)\d\d-\d\d-\d\d\b/.test(description)
      ? 'historical'
      : 'not stated';
  return { kind, description, source, notes: notes.join(' ').trim() };
}
