import type { Contact, GpsdAisLike } from '../picture/index.js';
import type { MaritimeReference } from './context.js';
import { DetectionEngine, type EngineStats } from './engine.js';
import { toNdjson } from './event.js';
import { type DetectParams, withParams } from './params.js';

/** Everything `runDetect` needs besides the records: the reference, the sensor contacts, the parameters. */
export interface MaritimeInputs {
  readonly ref: MaritimeReference;
  readonly contacts: readonly Contact[];
  readonly params: DetectParams;
}

/**
 * Runs every detector over time-ordered AIS records (with their tag-block times) and the loaded
 * contacts, writing one NDJSON event per line to `out` as each is decided.
 * @example await runDetect(records, loadMaritimeInputs({}), process.stdout)
 */
export async function runDetect(
  records:
    | AsyncIterable<{ tMs: number; record: GpsdAisLike }>
    | Iterable<{ tMs: number; record: GpsdAisLike }>,
  inputs: MaritimeInputs,
  out: { write(line: string): unknown },
): Promise<EngineStats> {
  const engine = new DetectionEngine(inputs.ref, inputs.params ?? withParams({}));
  const contacts = inputs.contacts;
  let k = 0;
  for await (const { tMs, record } of records) {
    while (k < contacts.length && contacts[k]!.tMs <= tMs)
      for (const e of engine.pushContact(contacts[k++]!)) out.write(toNdjson(e));
    for (const e of engine.pushAis(tMs, record)) out.write(toNdjson(e));
  }
  while (k < contacts.length) for (const e of engine.pushContact(contacts[k++]!)) out.write(toNdjson(e));
  for (const e of engine.finish()) out.write(toNdjson(e));
  return engine.stats;
}
