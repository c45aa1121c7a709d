// The node configuration's `maritime:` block: the desk's share settings and partner bounds, checked
// when the configuration is read, each error naming the file and the field.

import { describe, expect, it } from 'vitest';
import { nodeConfigSchema, nodeMaritimeSettings } from '../../src/cli/commands/node.js';
import { parseYaml } from '../../src/domain/index.js';

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
