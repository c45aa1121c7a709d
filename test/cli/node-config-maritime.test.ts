// The node configuration's `maritime:` block: the desk's share settings and partner bounds, checked
// when the configuration is read, each error naming the file and the field.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeConfigSchema, nodeMaritimeSettings } from '../../src/cli/commands/node.js';
import { parseYaml } from '../../src/domain/index.js';
import { concord } from './run.js';

const FILE = 'jpn.yaml';
const base = `nation: JPN
partners: [USA, KOR]
nats: { url: "nats://127.0.0.1:4222", password: p }
keysDir: k
dataDir: d
api: { port: 0, tokens: { t: JPN } }
scenario: { name: ecs-sanctions-evasion, seed: 1, speed: 1 }
trackMarking: "//JPN SECRET//REL TO USA, JPN, KOR"
`;
const read = (extra: string) => parseYaml(base + extra, FILE, nodeConfigSchema);

describe('node configuration: maritime share settings', () => {
  it('takes the picture marking, the rates and the partner bounds; left out, the desk keeps its defaults', () => {
    const cfg = read(`maritime:
  share: { pictureMarking: "//JPN UNCLASSIFIED//REL TO USA, JPN, AUS, IND", vesselEveryMs: 120000, flushEveryMs: 5000 }
  maxPartnerEvents: 500
`);
    expect(nodeMaritimeSettings(cfg, FILE)).toEqual({
      share: {
        pictureMarking: '//JPN UNCLASSIFIED//REL TO USA, JPN, AUS, IND',
        vesselEveryMs: 120_000,
        flushEveryMs: 5_000,
      },
      maxPartnerEvents: 500,
    });
    expect(nodeMaritimeSettings(read(''), FILE)).toEqual({});
  });

  it('refuses a marking that is not one, a bad rate and an unknown key, naming the file and the field', () => {
    const bad = read('maritime: { share: { pictureMarking: "//JPN NOT-A-LEVEL" } }\n');
    expect(() => nodeMaritimeSettings(bad, FILE)).toThrow(/jpn\.yaml.*maritime\.share\.pictureMarking/);
    expect(() => read('maritime: { share: { vesselEveryMs: -1 } }\n')).toThrow(
      /jpn\.yaml.*maritime\.share\.vesselEveryMs/,
    );
    expect(() => read('maritime: { share: { batchStates: 501 } }\n')).toThrow(/maritime\.share\.batchStates/);
    expect(() => read('maritime: { shares: {} }\n')).toThrow(/jpn\.yaml.*maritime/);
  });
});

describe('concord node: a scenario entry of a nation outside the network', () => {
  it('is refused at load (exit 2), naming the scenario file, the line and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-node-'));
    try {
      // Japan's node linked with the USA alone: Korea's sensors and watch officer have no node.
      const config = join(dir, 'jpn.yaml');
      writeFileSync(
        config,
        base
          .replace('partners: [USA, KOR]', 'partners: [USA]')
          .replace('ecs-sanctions-evasion', 'korea-irbm-over-japan'),
      );
      const r = concord('node', '--config', config);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^concord: .*korea-irbm-over-japan\.yaml:\d+:\d+ \((sensors|inlineSensors)\[\d+\]\.(ref|nation)\): /,
      );
      expect(r.stderr).toMatch(/watch action at \d+ s \(\w+\) is KOR's/);
      expect(r.stderr).toContain('no node of that nation in this network (JPN, USA)');
      expect(existsSync(join(dir, 'd'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
