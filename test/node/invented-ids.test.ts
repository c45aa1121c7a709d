// A partner inventing track ids by the thousand, through the link: what the node keeps by track id
// (ended tracks, picture object ids) stays bounded per nation, and the honest tracks are as without it.
import { describe, expect, it } from 'vitest';
import { TRILATERAL } from '../../src/domain/index.js';
import type { EmbeddedNetwork } from '../../src/exercise/embedded.js';
import { ecefFromGeodetic } from '../../src/geo/index.js';
import { createUuidV7Generator, generateSigningKeyPair } from '../../src/link/index.js';
import { ENDED_TRACKS_PER_NATION } from '../../src/node/index.js';
import { irbmScenario, MARKING, memoryNetwork } from '../support/embedded.js';

const scenario = irbmScenario();
const keys = new Map(TRILATERAL.map((n) => [n, generateSigningKeyPair()]));
const ids = createUuidV7Generator();

/** A plausible track 3 km over the Pacific falling at 1.5 km/s: it comes down within two seconds. */
function fallingTrack(trackId: number, tMs: number) {
  const [x, y, z] = ecefFromGeodetic(30, 150, 3_000);
  const r = Math.hypot(x, y, z);
  const P = new Array<number>(36).fill(0);
  for (let i = 0; i < 3; i++) P[i * 7] = 1e4;
  for (let i = 3; i < 6; i++) P[i * 7] = 1e2;
  const v = -1_500 / r;
  return { kind: 'track', trackId, tMs, x: [x, y, z, x * v, y * v, z * v], P };
}

/**
 * The scenario from the first launch seen to `untilS` later, the USA (the hostile partner here)
 * sending Japan `perS` invented tracks a second from `floodFromS`; Japan's picture read every second
 * (as its console would). Returns the network at the end.
 */
function run(perS: number, floodFromS: number, untilS: number): EmbeddedNetwork {
  const net = memoryNetwork({ scenario, keys });
  const jpn = net.nodes.get('JPN')!;
  const usa = net.nodes.get('USA')!;
  const t0 = scenario.startMs + 170_000;
  let next = 1_000_000;
  for (let s = 0; s < untilS; s++) {
    net.runUntil(t0 + s * 1_000);
    jpn.picture();
    if (s < floodFromS) continue;
    const nowMs = net.sched.nowMs();
    for (let i = 0; i < perS; i++) {
      usa.link.publish(
        {
          id: ids.next(Math.floor(nowMs)),
          originator: 'USA',
          topic: 'missile-warning',
          marking: MARKING.USA!,
          createdMs: nowMs,
          concerning: scenario.launchState,
          payload: fallingTrack(next++, Math.floor(nowMs) - 100),
        },
        ['JPN'],
      );
    }
  }
  return net;
}

describe('a partner inventing track ids', () => {
  it('leaves what Japan keeps by track id bounded per nation, and its honest tracks as without it', () => {
    const quiet = run(0, 5, 45);
    const flood = run(30, 5, 45);
    const jpn = flood.nodes.get('JPN')!;
    // 1,200 invented tracks taken, each ended at the ground: the ended tracks remembered are capped
    // (the picture's object ids, capped at OBJECT_ID_SOURCES_PER_NATION, are held to 100,000 in
    // per-nation-map.test.ts).
    const r = jpn.retained();
    expect(jpn.impacts().filter((i) => i.nation === 'USA').length).toBe(ENDED_TRACKS_PER_NATION);
    expect(r.endedTracks.USA).toBe(ENDED_TRACKS_PER_NATION);
    expect(jpn.status().refused.USA).toBeUndefined();
    expect(jpn.status().faults.total).toBe(0);
    // Japan's own and Korea's tracks, and the ids of the objects they make, as without the flood.
    const honest = (net: EmbeddedNetwork) => {
      const n = net.nodes.get('JPN')!;
      const tracks = [...n.ownTracks(), ...n.partnerTracks().filter((t) => t.nation !== 'USA')];
      return {
        tracks: tracks.map((t) => `${t.nation}:${t.trackId}@${t.tMs}`).sort(),
        objects: n
          .picture()
          .filter((o) => o.sources.some((s) => s.nation !== 'USA'))
          .map((o) => `${o.id}=${o.sources.map((s) => `${s.nation}:${s.trackId}`).join('+')}`)
          .sort(),
        ended: n.impacts().filter((i) => i.nation !== 'USA'),
      };
    };
    const expected = honest(quiet);
    expect(expected.tracks.length).toBeGreaterThan(0);
    expect(expected.objects.length).toBeGreaterThan(0);
    expect(honest(flood)).toEqual(expected);
    quiet.close();
    flood.close();
  });
});
