import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actBody } from '../../src/cli/agreements-act.js';
import { parseAct } from '../../src/governance/index.js';

// `concord agreements act`: the body each kind's options make, as the node's act schema reads it.

const readable = (kind: Parameters<typeof actBody>[0], body: Record<string, unknown>) =>
  parseAct({ id: 'KOR:1', author: 'KOR', atMs: 0, kind, target: 't', body });

describe('concord agreements act: the act body', () => {
  it('makes the body each kind takes, which the act schema accepts', () => {
    expect(actBody('notice', { effective: '2020-01-01', note: 'n' })).toEqual({
      effective: '2020-01-01',
      note: 'n',
    });
    expect(actBody('narrow', { dropTopics: 'maritime, consultation', maxLevel: 'CONFIDENTIAL' })).toEqual({
      dropTopics: ['maritime', 'consultation'],
      maxLevel: 'CONFIDENTIAL',
    });
    const admit = actBody('propose', { change: 'admit', admit: 'KOR' });
    expect(admit).toEqual({ change: { kind: 'admit', nation: 'KOR' } });
    const widen = actBody('propose', { change: 'widen', addTopics: 'maritime', maxLevel: 'SECRET' });
    const dir = mkdtempSync(join(tmpdir(), 'act-'));
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'id: x-2026\ntitle: X\nkind: arrangement\nparties: [JPN, KOR]\n');
    const made = actBody('propose', { change: 'new-agreement', agreement: file, effective: '2026-06-01' });
    expect(made).toMatchObject({
      change: { kind: 'new-agreement', agreement: { id: 'x-2026', parties: ['JPN', 'KOR'] } },
    });
    for (const [kind, body] of [
      ['notice', { effective: '2020-01-01' }],
      ['propose', admit],
      ['propose', widen],
      ['propose', made],
      ['sign', actBody('sign', {})],
    ] as const)
      expect(readable(kind, body).ok, kind).toBe(true);
  });

  it('refuses an option the kind does not take, naming it, and a proposal without its change', () => {
    expect(() => actBody('suspend', { maxLevel: 'SECRET' })).toThrow(/--max-level does not apply to suspend/);
    expect(() => actBody('notice', { dropTopics: 'maritime' })).toThrow(
      /--drop-topics does not apply to notice/,
    );
    expect(() => actBody('propose', {})).toThrow(/propose needs --change/);
    expect(() => actBody('propose', { change: 'extend' })).toThrow(/needs --expires/);
  });
});
