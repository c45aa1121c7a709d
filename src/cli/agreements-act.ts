import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { parseYaml } from '../domain/index.js';
import { ACT_KINDS, type ActKind } from '../governance/index.js';
import { UsageError } from './usage.js';

interface ActOptions {
  node: string;
  token: string;
  nation: string;
  effective?: string;
  note?: string;
  dropTopics?: string;
  addTopics?: string;
  maxLevel?: string;
  change?: string;
  expires?: string;
  admit?: string;
  agreement?: string;
}

const CHANGES = ['new-agreement', 'widen', 'extend', 'admit'] as const;

/** `concord agreements act KIND TARGET`: a governance act through a running node's API. */
export function registerAct(agreements: Command): void {
  agreements
    .command('act <kind> <target>')
    .description(
      `perform a governance act as a nation's administrator, through its running node's API (kinds: ${ACT_KINDS.join(', ')}); TARGET is the agreement or coalition, or for sign the proposal id`,
    )
    .requiredOption('--node <url>', "the nation's running node API, e.g. http://127.0.0.1:7400")
    .requiredOption('--token <token>', "an administrator token of the nation's node")
    .requiredOption('--nation <code>', 'the acting nation, e.g. KOR')
    .option(
      '--effective <date>',
      'notice: a later effect than the rules give; propose new-agreement: in force from',
    )
    .option('--note <text>', 'a note carried with the act')
    .option('--drop-topics <list>', 'narrow: topics to drop, comma-separated')
    .option(
      '--max-level <label>',
      'narrow or propose widen: the new maximum (a row label, e.g. CONFIDENTIAL)',
    )
    .option('--change <kind>', `propose: ${CHANGES.join(', ')}`)
    .option('--add-topics <list>', 'propose widen: topics to add, comma-separated')
    .option('--expires <date>', 'propose extend: the new end')
    .option('--admit <nation>', 'propose admit: the new member')
    .option(
      '--agreement <file>',
      'propose new-agreement: the agreement, YAML in the agreements file form (no signed date)',
    )
    .action(async (kind: string, target: string, o: ActOptions) => {
      if (!(ACT_KINDS as readonly string[]).includes(kind))
        throw new UsageError(`KIND must be one of ${ACT_KINDS.join(', ')}, not '${kind}'`);
      const { node: _node, token: _token, nation: _nation, ...options } = o;
      const body = actBody(kind as ActKind, options);
      let url: URL;
      try {
        url = new URL(`/api/${encodeURIComponent(o.nation)}/governance/acts`, o.node);
      } catch {
        throw new UsageError(`--node must be an http(s) URL, not '${o.node}'`);
      }
      const r = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ kind, target, body }),
      }).catch((err: unknown) => {
        throw new UsageError(`--node ${o.node}: ${err instanceof Error ? err.message : String(err)}`);
      });
      const text = await r.text();
      if (!r.ok)
        throw new UsageError(`--node ${o.node} refused the act (${r.status}): ${text.slice(0, 1000)}`);
      process.stdout.write(`${text}\n`);
    });
}

const list = (s: string | undefined) =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');

/** The act's body from the options its kind takes; an option its kind does not take is an error. */
export function actBody(
  kind: ActKind,
  o: Omit<ActOptions, 'node' | 'token' | 'nation'>,
): Record<string, unknown> {
  const given = (names: readonly (keyof typeof o)[]) => {
    for (const [k, v] of Object.entries(o))
      if (v !== undefined && k !== 'note' && !names.includes(k as keyof typeof o))
        throw new UsageError(
          `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} does not apply to ${kind}${kind === 'propose' ? ` ${o.change ?? ''}`.trimEnd() : ''}`,
        );
  };
  const note = o.note !== undefined ? { note: o.note } : {};
  switch (kind) {
    case 'notice':
      given(['effective']);
      return { ...note, ...(o.effective ? { effective: o.effective } : {}) };
    case 'narrow':
      given(['dropTopics', 'maxLevel']);
      return {
        ...note,
        ...(o.dropTopics ? { dropTopics: list(o.dropTopics) } : {}),
        ...(o.maxLevel ? { maxLevel: o.maxLevel } : {}),
      };
    case 'propose': {
      switch (o.change) {
        case 'widen':
          given(['change', 'addTopics', 'maxLevel']);
          return {
            ...note,
            change: {
              kind: 'widen',
              ...(o.addTopics ? { addTopics: list(o.addTopics) } : {}),
              ...(o.maxLevel ? { maxLevel: o.maxLevel } : {}),
            },
          };
        case 'extend':
          given(['change', 'expires']);
          if (!o.expires) throw new UsageError('propose extend needs --expires');
          return { ...note, change: { kind: 'extend', expires: o.expires } };
        case 'admit':
          given(['change', 'admit']);
          if (!o.admit) throw new UsageError('propose admit needs --admit NATION');
          return { ...note, change: { kind: 'admit', nation: o.admit } };
        case 'new-agreement': {
          given(['change', 'agreement', 'effective']);
          if (!o.agreement) throw new UsageError('propose new-agreement needs --agreement FILE');
          const agreement = parseYaml(
            readFileSync(o.agreement, 'utf8'),
            o.agreement,
            z.record(z.string(), z.unknown()),
          );
          return {
            ...note,
            change: { kind: 'new-agreement', agreement },
            ...(o.effective ? { effective: o.effective } : {}),
          };
        }
        default:
          throw new UsageError(`propose needs --change ${CHANGES.join('|')}`);
      }
    }
    default:
      given([]);
      return note;
  }
}
