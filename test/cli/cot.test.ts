import { createSocket, type Socket } from 'node:dgram';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { scenarioNetwork } from '../../src/cli/scenario-network.js';
import type { Nation } from '../../src/domain/index.js';
import { cotEventsOf, nationExport } from '../../src/interop/index.js';
import { decodeLines } from '../../src/maritime/ais/index.js';
import { bundledRegistry } from '../domain/fixtures.js';
import { cotSchemaErrors } from '../interop/xmllint.js';
import { concord, runInBackground } from './run.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
const eventOf = (xml: string) =>
  parser.parse(xml).event as { uid: string; type: string; opex?: string; point: Record<string, string> };

/** A loopback UDP socket keeping every datagram it receives. */
async function receiver(): Promise<{ socket: Socket; port: number; got: string[] }> {
  const socket = createSocket('udp4');
  const got: string[] = [];
  socket.on('message', (m) => got.push(m.toString('utf8')));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { socket, port: socket.address().port, got };
}

function exited(p: ReturnType<typeof runInBackground>): Promise<number | null> {
  if (p.child.exitCode !== null) return Promise.resolve(p.child.exitCode);
  return new Promise((resolve) => p.child.once('exit', (code) => resolve(code)));
}

/** `concord ARGS --to udp://<rx>` run to its exit: its code and output, once its last datagrams are in. */
async function sendTo(rx: { port: number }, args: string[]): Promise<{ code: number | null; out: string }> {
  const p = runInBackground([...args, '--to', `udp://127.0.0.1:${rx.port}`]);
  const code = await exited(p);
  await new Promise((r) => setTimeout(r, 200));
  return { code, out: p.out() };
}

/** The options that make a command read JPN's picture from a node's API. */
const fromNode = (url: string, token: string) => ['--node', url, '--token', token, '--nation', 'JPN'];

describe('concord cot', () => {
  it("streams Japan's picture of the IRBM to a loopback UDP socket, one valid event per datagram", async () => {
    const rx = await receiver();
    // T+300 s to T+330 s at 30x: the missile coasting over Japan, its impact warning and ellipse.
    const { code, out } = await sendTo(rx, [
      'cot',
      '--scenario',
      'korea-irbm-over-japan',
      '--nation',
      'JPN',
      '--from',
      '300',
      '--until',
      '330',
      '--speed',
      '30',
      '--every',
      '0.5',
    ]);
    rx.socket.close();
    expect(out).toMatch(/done: \d+ sends, \d+ events sent to udp:\/\/127\.0\.0\.1:\d+/);
    expect(code).toBe(0);
    const events = rx.got.map(eventOf);
    expect(events.length).toBeGreaterThan(0);
    const types = new Set(events.map((e) => e.type));
    expect(types).toContain('a-h-A-W-M-S-S');
    expect([...types].some((t) => t.startsWith('b-m-p-p-') || t === 'r-u')).toBe(true);
    expect(events.every((e) => e.opex === 's-korea-irbm-over-japan')).toBe(true);
    // The same missile keeps its uid from one send to the next.
    const missiles = events.filter((e) => e.type === 'a-h-A-W-M-S-S');
    expect(new Set(missiles.map((e) => e.uid)).size).toBeLessThan(missiles.length);
    expect(cotSchemaErrors([...new Set(rx.got)].slice(0, 40))).toEqual([]);
  }, 120_000);

  it("streams a running node's picture (over its API) as the same objects the node holds", async () => {
    const { net, scenario, nation, gather } = scenarioNetwork({
      scenario: 'korea-irbm-over-japan',
      nation: 'JPN',
      seed: '1',
      policy: 'trilateral',
    });
    net.runUntil(scenario.startMs + 330_000);
    const app = await buildApi({
      nodes: net.nodes as ReadonlyMap<Nation, never>,
      clock: { nowMs: () => net.sched.nowMs() },
      registry: () => bundledRegistry(),
      tokens: new Map([['jpn-token', 'JPN']]),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const rx = await receiver();
    try {
      const apiUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      expect((await sendTo(rx, ['cot', ...fromNode(apiUrl, 'jpn-token'), '--count', '1'])).code).toBe(0);
      const expected = cotEventsOf(nationExport(net.nodes.get(nation)!, net.sched.nowMs(), gather), {
        nowMs: 0,
        staleMs: 1,
      });
      expect(expected.length).toBeGreaterThan(1);
      const got = rx.got.map(eventOf);
      expect(got.map((e) => `${e.uid} ${e.type}`).sort()).toEqual(
        expected.map((e) => `${e.uid} ${e.type}`).sort(),
      );
      expect(cotSchemaErrors(rx.got)).toEqual([]);
    } finally {
      rx.socket.close();
      await app.close();
      net.close();
    }
  }, 120_000);

  it.each<[string, string[], RegExp]>([
    [
      'a destination that is no feed address',
      ['cot', '--scenario', 'korea-irbm-over-japan', '--nation', 'JPN', '--to', 'udp://nowhere'],
      /--to: 'udp:\/\/nowhere' is not a feed address/,
    ],
    [
      'no source',
      ['cot', '--nation', 'JPN', '--to', 'udp://127.0.0.1:6969'],
      /give either --scenario or --node/,
    ],
    [
      'an unreachable node',
      ['cot', ...fromNode('http://127.0.0.1:1', 't'), '--to', 'udp://127.0.0.1:6969'],
      /--node http:\/\/127\.0\.0\.1:1: /,
    ],
    // Inbound: a CoT feed listens on UDP; start refuses a TCP one before it starts anything.
    [
      'a CoT feed over TCP (start)',
      ['start', '--port', '0', '--cot', 'JPN=tcp://127.0.0.1:8087'],
      /--cot JPN=tcp:\/\/127\.0\.0\.1:8087: a CoT feed listens on udp:\/\/HOST:PORT/,
    ],
  ])('refuses %s with exit 2, naming the option', (_, args, stderr) => {
    const r = concord(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(stderr);
  });

  it("forwards a node's vessels as AIVDM datagrams a plotter decodes (concord ais forward)", async () => {
    // The node's vessels route, as GET /api/JPN/vessels answers (only what the command reads of it).
    const vessels = [
      {
        mmsi: 431000001,
        lat: 25.7431,
        lon: 123.4712,
        speed: 12,
        course: 90,
        heading: 91,
        name: 'MIZUHO',
        shipType: 55,
        lastSeen: '2026-03-01T00:00:00.000Z',
        sources: ['jcg'],
      },
      {
        mmsi: 413999104,
        lat: 25.8992,
        lon: 123.321,
        speed: null,
        course: null,
        heading: null,
        lastSeen: '2026-03-01T00:00:01.000Z',
        sources: ['jcg'],
      },
    ];
    const server = createServer((req, res) => {
      const ok = req.url === '/api/JPN/vessels' && req.headers.authorization === 'Bearer jpn-token';
      res.writeHead(ok ? 200 : 403, { 'content-type': 'application/json' });
      res.end(JSON.stringify(ok ? { vessels } : { error: 'forbidden' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const rx = await receiver();
    try {
      const port = (server.address() as AddressInfo).port;
      const node = `http://127.0.0.1:${port}`;
      const forward = await sendTo(rx, ['ais', 'forward', ...fromNode(node, 'jpn-token'), '--count', '1']);
      expect(forward.code).toBe(0);
      expect(forward.out).toMatch(/done: 1 reads, 4 sentences in 2 datagrams/);
      const { messages } = decodeLines(rx.got.join('\n').replaceAll('\r\n', '\n'));
      const records = messages.map((m) => m.record as unknown as Record<string, unknown>);
      expect(records).toEqual([
        expect.objectContaining({ type: 1, mmsi: 431000001, speed: 12, course: 90, heading: 91 }),
        expect.objectContaining({ type: 5, mmsi: 431000001, shipname: 'MIZUHO', shiptype: 55 }),
        expect.objectContaining({ type: 1, mmsi: 413999104, heading: 511 }),
      ]);
      const refused = await sendTo(rx, ['ais', 'forward', ...fromNode(node, 'wrong')]);
      expect(refused.code).toBe(2);
      expect(refused.out).toMatch(/--node http:\/\/127\.0\.0\.1:\d+: vessels answered 403/);
    } finally {
      rx.socket.close();
      server.close();
    }
  }, 60_000);
});
