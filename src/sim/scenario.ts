import type { Nation } from '../domain/index.js';
import { parseYaml } from '../domain/yaml.js';
import { destinationPoint } from '../geo/index.js';
import type { Profile } from './aim.js';
import type { LaunchPoint, MissileClass } from './flight.js';
import {
  type GovernanceEntry,
  type Hypothetical,
  type Platform,
  type RadarPerformance,
  type Region,
  type ScenarioFile,
  type ScenarioIncident,
  type SensorDefinition,
  scenarioSchemaWithSites,
  sensorSitesSchema,
  type WatchAction,
} from './scenario-schema.js';

/** A sensor ready to simulate: bundled or inline, with scenario overrides applied. */
export interface SensorSpec {
  readonly id: string;
  readonly name: string;
  readonly nation: SensorDefinition['nation'];
  readonly type: string;
  readonly platform: Platform;
  readonly performance: RadarPerformance;
  /** Where false alarms are drawn; undefined means anywhere in coverage. */
  readonly falseAlarmRegion: Region | undefined;
}

export interface MissileSpec {
  readonly id: string;
  readonly className: string;
  readonly cls: MissileClass;
  readonly launch: LaunchPoint;
  /** Launch time, seconds after the scenario start. */
  readonly launchAfterS: number;
  readonly target: { readonly latDeg: number; readonly lonDeg: number };
  readonly profile: Profile;
}

/** A validated scenario with every reference resolved; the input to `simulate`. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly startMs: number;
  /** The nations that run a node, as the file lists them (USA, JPN, KOR unless it says otherwise). */
  readonly nations: readonly Nation[];
  /** The state whose missiles these are (shared tracks concern it, for agreements limited to a state). */
  readonly launchState: Nation;
  readonly durationS: number;
  readonly truthPeriodS: number;
  readonly missiles: readonly MissileSpec[];
  readonly sensors: readonly SensorSpec[];
  /** Watch officers' timed actions on consultations, in time order. */
  readonly watch: readonly WatchAction[];
  /** Incidents the nations' nodes raise to their consultation rules, in time order. */
  readonly incidents: readonly ScenarioIncident[];
  /** Governance acts the nations' nodes make at their instants, in time order (none when absent). */
  readonly governance?: readonly GovernanceEntry[];
  /** A HYPOTHETICAL branch's past: recorded agreement history it leaves out (none when absent). */
  readonly hypothetical?: Hypothetical;
  /** The maritime block (ships, AIS, contacts, truth), when the scenario has one. */
  readonly maritime?: ScenarioFile['maritime'];
}

/** The bundled sensor catalogue, by id. */
export type SensorCatalogue = ReadonlyMap<string, SensorDefinition>;

/**
 * Parses `data/sensor-sites.yaml` text. Errors are DataFileErrors naming `source`, line, column and field.
 *
 * @example
 * const sites = parseSensorSites(readFileSync('data/sensor-sites.yaml', 'utf8'), 'data/sensor-sites.yaml');
 * sites.get('us-tpy2-shariki')?.nation // 'USA'
 */
export function parseSensorSites(text: string, source: string): SensorCatalogue {
  const file = parseYaml(text, source, sensorSitesSchema);
  return new Map(file.sites.map((s) => [s.id, s]));
}

/**
 * Parses and validates scenario YAML `text` (read from `source`) against the scenario schema and
 * the bundled `sites`, and resolves it for `simulate`. Nothing is read from disk here.
 *
 * @example
 * const sc = parseScenario(yamlText, 'scenarios/korea-srbm-salvo.yaml', sites);
 * sc.missiles.length // 4
 */
export function parseScenario(text: string, source: string, sites: SensorCatalogue): Scenario {
  const file = parseYaml(text, source, scenarioSchemaWithSites(sites));
  return resolveScenario(file, sites);
}

/** Resolves a validated scenario file (references are assumed checked). */
export function resolveScenario(file: ScenarioFile, sites: SensorCatalogue): Scenario {
  const fa = file.falseAlarms;
  const sensors: SensorSpec[] = [];
  const add = (
    d: SensorDefinition,
    over: { pd?: number | undefined; falseAlarmsPerScan?: number | undefined },
  ) => {
    const performance: RadarPerformance = {
      ...d.performance,
      ...(over.pd !== undefined ? { pd: over.pd } : {}),
      falseAlarmsPerScan: fa?.perScan ?? over.falseAlarmsPerScan ?? d.performance.falseAlarmsPerScan,
    };
    sensors.push({
      id: d.id,
      name: d.name,
      nation: d.nation,
      type: d.type,
      platform: d.platform,
      performance,
      falseAlarmRegion: fa?.region,
    });
  };
  for (const r of file.sensors) {
    const d = sites.get(r.ref);
    if (!d) throw new Error(`resolveScenario: unknown sensor site '${r.ref}' (validate first)`);
    add(d, r);
  }
  for (const d of file.inlineSensors) add(d, {});

  const missiles = file.missiles.map((m): MissileSpec => {
    const c = file.missileClasses[m.class];
    if (!c) throw new Error(`resolveScenario: unknown missile class '${m.class}' (validate first)`);
    const target =
      m.aim.kind === 'point'
        ? { latDeg: m.aim.latDeg, lonDeg: m.aim.lonDeg }
        : destinationPoint(m.launch.latDeg, m.launch.lonDeg, m.aim.azimuthDeg, m.aim.rangeM);
    return {
      id: m.id,
      className: m.class,
      cls: {
        stages: c.stages,
        verticalRiseS: c.verticalRiseS,
        pitchOverS: c.pitchOverS,
        ...(c.aero !== undefined
          ? {
              aero: {
                ballisticCoefficientKgPerM2: c.aero.ballisticCoefficientKgPerM2,
                liftToDrag: c.aero.liftToDrag,
                ...(m.manoeuvre !== undefined ? { manoeuvre: m.manoeuvre } : {}),
              },
            }
          : {}),
      },
      launch: { latDeg: m.launch.latDeg, lonDeg: m.launch.lonDeg, hM: m.launch.hM },
      launchAfterS: m.launch.afterS,
      target,
      profile: m.profile,
    };
  });
  return {
    name: file.name,
    description: file.description,
    startMs: Date.parse(file.start),
    nations: file.nations,
    launchState: file.launchState,
    durationS: file.durationS,
    truthPeriodS: file.truthPeriodS,
    missiles,
    sensors,
    watch: [...file.watch].sort((a, b) => a.atS - b.atS),
    incidents: [...file.incidents].sort((a, b) => a.atS - b.atS),
    governance: [...file.governance].sort((a, b) => a.atS - b.atS),
    ...(file.hypothetical !== undefined ? { hypothetical: file.hypothetical } : {}),
    ...(file.maritime !== undefined ? { maritime: file.maritime } : {}),
  };
}
