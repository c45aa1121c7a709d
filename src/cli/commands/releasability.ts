import type { Command } from 'commander';
import {
  type DecisionRequest,
  decide,
  parseInstant,
  parseMarking,
  parseNation,
  parseTopic,
  TOPIC_NAMES,
} from '../../domain/index.js';
import { explainDecision } from '../explain-decision.js';
import { loadRegistry } from '../io.js';
import { UsageError } from '../usage.js';

interface Options {
  agreements?: string;
  marking: string;
  from: string;
  to: string;
  topic: string;
  at: string;
  holder?: string;
  via?: string;
  concerning?: string;
  format: string;
}

export function registerReleasability(program: Command): void {
  program
    .command('releasability')
    .description(
      'decide whether one item may go from a holder to a recipient at a time, and why (JSON, or text explained; exit 0 allow, 1 deny)',
    )
    .option('--agreements <file>', 'agreements YAML file (default: the bundled data/agreements.yaml)')
    .requiredOption(
      '--marking <banner>',
      "CAPCO-style banner in the originator's words, e.g. 'SECRET//REL TO USA, JPN, KOR'",
    )
    .requiredOption('--from <nation>', 'originator (ISO alpha-3); also the holder unless --holder is given')
    .requiredOption('--to <nation>', 'recipient')
    .requiredOption('--topic <topic>', TOPIC_NAMES.join(', '))
    .requiredOption('--at <when>', 'ISO date (00:00 UTC that day) or date-time with zone')
    .option(
      '--holder <nation>',
      'the nation releasing the item, when it is not the originator (a re-release)',
    )
    .option('--via <nation>', 'an intermediary that relays the item (the decision covers both hops)')
    .option('--concerning <nation>', 'the state the item is about (adversary attribution, e.g. PRK)')
    .option(
      '--format <format>',
      "json (one line to a pipe, indented at a terminal) or text (the decision in sentences, with the agreements' standing history)",
      'json',
    )
    .action((o: Options) => {
      if (o.format !== 'json' && o.format !== 'text')
        throw new UsageError(`--format must be json or text, not '${o.format}'`);
      const registry = loadRegistry(o.agreements);
      const originator = parseNation(o.from, { input: '--from' });
      const req: DecisionRequest = {
        marking: parseMarking(o.marking, { originator, input: '--marking' }),
        recipient: parseNation(o.to, { input: '--to' }),
        topic: parseTopic(o.topic, { input: '--topic' }),
        atMs: parseInstant(o.at, { input: '--at' }),
        ...(o.holder ? { holder: parseNation(o.holder, { input: '--holder' }) } : {}),
        ...(o.via ? { via: parseNation(o.via, { input: '--via' }) } : {}),
        ...(o.concerning ? { concerning: parseNation(o.concerning, { input: '--concerning' }) } : {}),
      };
      const d = decide(req, registry);
      const json = {
        allow: d.allow,
        levelAtRecipient: d.levelAtRecipient,
        agreement: d.agreement,
        route: d.route,
        rule: d.rule,
        reason: d.reason,
        hops: d.hops,
      };
      // Scripts read one line from a pipe; a person at a terminal reads it indented.
      process.stdout.write(
        o.format === 'text'
          ? explainDecision(o.marking, req, d, registry)
          : `${JSON.stringify(json, null, process.stdout.isTTY ? 2 : undefined)}\n`,
      );
      process.exitCode = d.allow ? 0 : 1;
    });
}
