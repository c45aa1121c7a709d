import type BetterSqlite3 from 'better-sqlite3';
import { canonicalJson, type Nation } from '../../domain/index.js';
import type { JsonValue } from '../../link/index.js';
import type { TrackRecord, Tracks } from '../ports.js';

interface Row {
  origin: string;
  track_id: string;
  updated_ms: number;
  state: string;
}

const toRecord = (r: Row): TrackRecord => ({
  origin: r.origin as Nation,
  trackId: r.track_id,
  updatedMs: r.updated_ms,
  state: JSON.parse(r.state) as JsonValue,
});

export class SqliteTracks implements Tracks {
  readonly #upsert;

  readonly #get;
  readonly #listOne;
  readonly #listAll;
  readonly #remove;

  constructor(db: BetterSqlite3.Database) {
    const updatedMs = db.prepare<[string, string], { updated_ms: number }>(
      'SELECT updated_ms FROM tracks WHERE origin = ? AND track_id = ?',
    );
    const write = db.prepare<[string, string, number, string]>(
      `INSERT INTO tracks (origin, track_id, updated_ms, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (origin, track_id) DO UPDATE SET updated_ms = excluded.updated_ms, state = excluded.state`,
    );
    this.#upsert = db.transaction((t: TrackRecord, stateJson: string): 'inserted' | 'updated' | 'stale' => {
      const existing = updatedMs.get(t.origin, t.trackId);
      if (existing !== undefined && existing.updated_ms > t.updatedMs) return 'stale';
      write.run(t.origin, t.trackId, t.updatedMs, stateJson);
      return existing === undefined ? 'inserted' : 'updated';
    });
    this.#get = db.prepare<[string, string], Row>(
      'SELECT origin, track_id, updated_ms, state FROM tracks WHERE origin = ? AND track_id = ?',
    );
    this.#listOne = db.prepare<[string], Row>(
      'SELECT origin, track_id, updated_ms, state FROM tracks WHERE origin = ? ORDER BY track_id',
    );
    this.#listAll = db.prepare<[], Row>(
      'SELECT origin, track_id, updated_ms, state FROM tracks ORDER BY origin, track_id',
    );
    this.#remove = db.prepare<[string, string]>('DELETE FROM tracks WHERE origin = ? AND track_id = ?');
  }

  upsert(track: TrackRecord): 'inserted' | 'updated' | 'stale' {
    if (!Number.isFinite(track.updatedMs)) throw new RangeError(`tracks: bad updatedMs ${track.updatedMs}`);
    return this.#upsert.immediate(track, canonicalJson(track.state));
  }

  get(origin: Nation, trackId: string): TrackRecord | undefined {
    const row = this.#get.get(origin, trackId);
    return row === undefined ? undefined : toRecord(row);
  }

  list(origin?: Nation): TrackRecord[] {
    return (origin === undefined ? this.#listAll.all() : this.#listOne.all(origin)).map(toRecord);
  }

  remove(origin: Nation, trackId: string): boolean {
    return this.#remove.run(origin, trackId).changes === 1;
  }
}
