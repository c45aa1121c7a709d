// `concord bench invented-ids [--ids N]`: what a partner inventing N track ids (default 100,000)
// costs a node that assesses its picture, in heap: Japan's network flooded twice in child
// processes (invented-ids-memory.ts), Japan assessing its picture and, as the peer measured in the
// same run, not assessing (no areas). The difference is what assessing keeps per invented object:
// notices, warnings, flight phases (bounded per nation: PictureRetention); the rest (the link's
// inbox, the sender's outbox, the audit) is the same in both.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface Options {
  json: boolean;
  ids?: number;
}

interface Flood {
  ids: number;
  assessing: boolean;
  heapGrowthBytes: number;
  notices: number;
  warnings: number;
  retained: { objects?: Record<string, Record<string, number>> };
  wallS: number;
}

function child(ids: number, assessing: boolean): Flood {
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      join(import.meta.dirname, 'invented-ids-memory.js'),
      String(ids),
      assessing ? 'assessing' : 'quiet',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`bench invented-ids: child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Flood;
}

export async function run(o: Options): Promise<Record<string, unknown>> {
  const ids = o.ids ?? 100_000;
  const assessing = child(ids, true);
  const quiet = child(ids, false);
  const mb = (b: number) => Math.round(b / 1e5) / 10;
  const keptBytes = assessing.heapGrowthBytes - quiet.heapGrowthBytes;
  if (!o.json) {
    const say = (s: string) => process.stdout.write(`${s}\n`);
    say(
      `a partner inventing ${ids} track ids (objects over Honshu, each down within 2 s), Japan's heap after a full GC:`,
    );
    say(`  assessing its picture: +${mb(assessing.heapGrowthBytes)} MB (${assessing.wallS} s)`);
    say(`  not assessing (peer):  +${mb(quiet.heapGrowthBytes)} MB (${quiet.wallS} s)`);
    say(
      `  kept by assessing: ${mb(keptBytes)} MB, ${Math.round(keptBytes / ids)} bytes per invented id; notices ${assessing.notices}, warnings ${assessing.warnings}`,
    );
    const usa = assessing.retained.objects?.USA;
    if (usa)
      say(
        `  per object state of the partner's: ${Object.entries(usa)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`,
      );
  }
  return { ids, assessing, quiet, keptBytes, keptBytesPerId: keptBytes / ids };
}
