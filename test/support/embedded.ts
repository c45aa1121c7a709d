// The embedded three-nation network on in-memory ports, the bundled agreements and fresh keys, and
// the IRBM scenario it mostly runs: the set-up the node tests share.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommitmentsRegistry } from '../../src/commitments/index.js';
import type { ContingencyPlan, ConveneRule } from '../../src/consult/index.js';
import type { CompiledRegistry, Nation } from '../../src/domain/index.js';
import { TRILATERAL } from '../../src/domain/index.js';
import { EmbeddedNetwork, type EmbeddedOptions, type SharingPolicy } from '../../src/exercise/index.js';
import { generateSigningKeyPair, type SigningKeyPair } from '../../src/link/index.js';
import type { ProtectedAreas } from '../../src/node/areas.js';
import { parseScenario, parseSensorSites, type Scenario } from '../../src/sim/index.js';
import { MemoryAudit, MemoryInbox, MemoryOutbox } from '../../src/testing/memory-ports.js';
import { bundledRegistry } from '../domain/fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');

export const MARKING: Record<string, string> = {
  USA: 'SECRET//REL TO USA, JPN, KOR',
  JPN: '//JPN SECRET//REL TO USA, JPN, KOR',
  KOR: '//KOR SECRET//REL TO USA, JPN, KOR',
};

export interface MemoryNetworkOptions {
  readonly scenario: Scenario;
  readonly policy?: SharingPolicy;
  readonly areas?: ProtectedAreas;
  readonly keys?: ReadonlyMap<Nation, SigningKeyPair>;
  readonly seed?: number;
  readonly consultRules?: readonly ConveneRule[];
  readonly contingencyPlans?: readonly ContingencyPlan[];
  /** The commitments registry the nodes keep (edits in memory). */
  readonly commitments?: () => CommitmentsRegistry;
  /** Each node's in-memory audit, filled in as the nodes are made. */
  readonly audits?: Map<Nation, MemoryAudit>;
  readonly onWatchAction?: EmbeddedOptions['onWatchAction'];
  readonly onWarning?: EmbeddedOptions['onWarning'];
  readonly retention?: EmbeddedOptions['retention'];
  /** Each node's maritime desk settings, and the ships its receivers hear. */
  readonly maritime?: EmbeddedOptions['maritime'];
  readonly ships?: EmbeddedOptions['ships'];
  readonly onMaritimeEvent?: EmbeddedOptions['onMaritimeEvent'];
  readonly onGovernanceAct?: EmbeddedOptions['onGovernanceAct'];
  /** The agreements file's registry (default the bundled one). */
  readonly registry?: CompiledRegistry;
}

/** The bundled `korea-irbm-over-japan` scenario, its sensors placed at the bundled sites. */
export function irbmScenario(): Scenario {
  const sites = parseSensorSites(readFileSync(join(ROOT, 'data', 'sensor-sites.yaml'), 'utf8'), 'sites');
  const file = join('scenarios', 'korea-irbm-over-japan.yaml');
  return parseScenario(readFileSync(join(ROOT, file), 'utf8'), file, sites);
}

/** USA, JPN and KOR nodes on the scenario, each with in-memory outbox, inbox and audit. */
export function memoryNetwork(o: MemoryNetworkOptions): EmbeddedNetwork {
  const registry = o.registry ?? bundledRegistry();
  return new EmbeddedNetwork({
    scenario: o.scenario,
    seed: o.seed ?? 1,
    nations: TRILATERAL,
    keys: o.keys ?? new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()])),
    openStore: (nation) => {
      const audit = new MemoryAudit();
      o.audits?.set(nation, audit);
      return { outbox: new MemoryOutbox(), inbox: new MemoryInbox(), audit, close() {} };
    },
    registry: () => registry,
    ...(o.policy ? { policy: o.policy } : {}),
    trackMarking: (nation) => MARKING[nation]!,
    ...(o.areas ? { areas: o.areas } : {}),
    ...(o.consultRules ? { consultRules: o.consultRules } : {}),
    ...(o.contingencyPlans ? { contingencyPlans: o.contingencyPlans } : {}),
    ...(o.onWatchAction ? { onWatchAction: o.onWatchAction } : {}),
    ...(o.onWarning ? { onWarning: o.onWarning } : {}),
    ...(o.commitments ? { commitments: o.commitments } : {}),
    ...(o.retention ? { retention: o.retention } : {}),
    ...(o.maritime ? { maritime: o.maritime } : {}),
    ...(o.ships ? { ships: o.ships } : {}),
    ...(o.onMaritimeEvent ? { onMaritimeEvent: o.onMaritimeEvent } : {}),
    ...(o.onGovernanceAct ? { onGovernanceAct: o.onGovernanceAct } : {}),
  });
}
