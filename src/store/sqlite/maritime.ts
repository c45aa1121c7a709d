import type BetterSqlite3 from 'better-sqlite3';
import { canonicalJson } from '../../domain/index.js';
import type { JsonValue } from '../../link/index.js';
import type {
  MaritimeEventQuery,
  MaritimeEventRecord,
  MaritimeEventState,
  MaritimeHistory,
  MaritimePruned,
  PartnerMaritimeEventQuery,
  PartnerMaritimeEventRecord,
  PositionQuery,
  TriageRecord,
  VesselIdentityRecord,
  VesselPositionRecord,
} from '../ports.js';

// Scales of the position table (migration 7): integers, so that a row stays ~40 bytes.
const E7 = 1e7;
const nullable = (x: number | null, scale: number) => (x === null ? null : Math.round(x * scale));
const unscale = (x: number | null, scale: number) => (x === null ? null : x / scale);

interface PositionRow {
  mmsi: number;
  t_ms: number;
  lat_e7: number;
  lon_e7: number;
  speed_dkn: number | null;
  course_ddeg: number | null;
  heading_deg: number | null;
  source: string;
}

interface IdentityRow {
  mmsi: number;
  imo: number | null;
  name: string | null;
  callsign: string | null;
  ship_type: number | null;
  first_seen_ms: number;
  last_seen_ms: number;
}

interface EventRow {
  seq: number;
  id: string;
  type: string;
  detected_ms: number;
  body: string;
  state: MaritimeEventState;
  holder: string | null;
  updated_ms: number;
  marking: string | null;
  shared_item_id: string | null;
}

interface PartnerEventRow {
  seq: number;
  originator: string;
  id: string;
  type: string;
  item_id: string;
  marking: string;
  level_here: string;
  received_ms: number;
  body: string;
  withdrawn_ms: number | null;
}

const MAX_LIMIT = 100_000;

/** A WHERE condition and the values its `?` take, in order. */
type Filter = readonly [sql: string, ...args: (number | string)[]];

/** Each events table's index of the vessels its events concern. */
const VESSELS = {
  maritime_events: 'maritime_event_vessels',
  partner_maritime_events: 'partner_maritime_event_vessels',
} as const;

export class SqliteMaritime implements MaritimeHistory {
  readonly #db: BetterSqlite3.Database;
  readonly #sourceIds = new Map<string, number>();
  readonly #source;
  readonly #insertSource;
  readonly #insertPosition;
  readonly #upsertIdentity;
  readonly #identities;
  readonly #insertEvent;
  readonly #insertEventVessel;
  readonly #event;
  readonly #setState;
  readonly #insertTriage;
  readonly #triageOf;
  readonly #batch;
  readonly #setShared;
  readonly #insertPartnerEvent;
  readonly #insertPartnerEventVessel;
  readonly #partnerEvent;
  readonly #withdrawPartnerEvent;
  /** Prepared position and event queries, by the shape of their WHERE clause. */
  readonly #queries = new Map<string, BetterSqlite3.Statement<BetterSqlite3.BindValue[], unknown>>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
    this.#source = db.prepare<[string], { id: number }>('SELECT id FROM maritime_sources WHERE name = ?');
    this.#insertSource = db.prepare<[string]>('INSERT INTO maritime_sources (name) VALUES (?)');
    this.#insertPosition = db.prepare<
      [number, number, number, number, number | null, number | null, number | null, number]
    >(
      `INSERT OR IGNORE INTO vessel_positions
         (mmsi, t_ms, lat_e7, lon_e7, speed_dkn, course_ddeg, heading_deg, source)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#upsertIdentity = db.prepare<
      [number, number | null, string | null, string | null, number | null, number, number]
    >(
      `INSERT INTO vessel_identities (mmsi, imo, name, callsign, ship_type, first_seen_ms, last_seen_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (mmsi, ifnull(imo, 0), ifnull(name, ''), ifnull(callsign, ''), ifnull(ship_type, 0))
       DO UPDATE SET first_seen_ms = min(first_seen_ms, excluded.first_seen_ms),
                     last_seen_ms = max(last_seen_ms, excluded.last_seen_ms)`,
    );
    this.#identities = db.prepare<[number], IdentityRow>(
      'SELECT * FROM vessel_identities WHERE mmsi = ? ORDER BY last_seen_ms DESC, id DESC',
    );
    this.#insertEvent = db.prepare<[string, string, number, string, string, string | null, number]>(
      `INSERT OR IGNORE INTO maritime_events (id, type, detected_ms, body, state, holder, updated_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#insertEventVessel = db.prepare<[number, number]>(
      'INSERT OR IGNORE INTO maritime_event_vessels (mmsi, event_seq) VALUES (?, ?)',
    );
    this.#event = db.prepare<[string], EventRow>('SELECT * FROM maritime_events WHERE id = ?');
    this.#setState = db.prepare<[string, string | null, number, string]>(
      'UPDATE maritime_events SET state = ?, holder = ?, updated_ms = ? WHERE id = ?',
    );
    this.#insertTriage = db.prepare<[string, string, string, number, string]>(
      'INSERT INTO maritime_triage (event_id, action, by, at_ms, body) VALUES (?, ?, ?, ?, ?)',
    );
    this.#triageOf = db.prepare<
      [string],
      { event_id: string; action: string; by: string; at_ms: number; body: string }
    >('SELECT event_id, action, by, at_ms, body FROM maritime_triage WHERE event_id = ? ORDER BY seq');
    this.#setShared = db.prepare<[string, string, string]>(
      'UPDATE maritime_events SET marking = ?, shared_item_id = ? WHERE id = ?',
    );
    this.#insertPartnerEvent = db.prepare<
      [string, string, string, string, string, string, number, string, number | null]
    >(
      `INSERT OR IGNORE INTO partner_maritime_events
         (originator, id, type, item_id, marking, level_here, received_ms, body, withdrawn_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#insertPartnerEventVessel = db.prepare<[number, number]>(
      'INSERT OR IGNORE INTO partner_maritime_event_vessels (mmsi, event_seq) VALUES (?, ?)',
    );
    this.#partnerEvent = db.prepare<[string, string], PartnerEventRow>(
      'SELECT * FROM partner_maritime_events WHERE originator = ? AND id = ?',
    );
    this.#withdrawPartnerEvent = db.prepare<[number, string, string]>(
      'UPDATE partner_maritime_events SET withdrawn_ms = ? WHERE originator = ? AND id = ? AND withdrawn_ms IS NULL',
    );
    this.#batch = db.transaction(
      (positions: readonly VesselPositionRecord[], identities: readonly VesselIdentityRecord[]) => {
        for (const p of positions)
          this.#insertPosition.run(
            p.mmsi,
            Math.round(p.tMs),
            Math.round(p.latDeg * E7),
            Math.round(p.lonDeg * E7),
            nullable(p.speedKn, 10),
            nullable(p.courseDeg, 10),
            nullable(p.headingDeg, 1),
            this.#sourceId(p.source),
          );
        for (const i of identities)
          this.#upsertIdentity.run(
            i.mmsi,
            i.imo,
            i.name,
            i.callsign,
            i.shipType,
            Math.round(i.firstSeenMs),
            Math.round(i.lastSeenMs),
          );
      },
    );
  }

  #sourceId(name: string): number {
    let id = this.#sourceIds.get(name);
    if (id === undefined) {
      id = this.#source.get(name)?.id ?? Number(this.#insertSource.run(name).lastInsertRowid);
      this.#sourceIds.set(name, id);
    }
    return id;
  }

  writeBatch(positions: readonly VesselPositionRecord[], identities: readonly VesselIdentityRecord[]): void {
    if (positions.length === 0 && identities.length === 0) return;
    // Inside a caller's transaction this is a savepoint; a failure rolls the whole batch back, and
    // the names of sources it added are forgotten with it.
    try {
      this.#batch(positions, identities);
    } catch (e) {
      this.#sourceIds.clear();
      throw e;
    }
  }

  #query(key: string, sql: () => string): BetterSqlite3.Statement<BetterSqlite3.BindValue[], unknown> {
    let s = this.#queries.get(key);
    if (!s) {
      s = this.#db.prepare(sql()) as BetterSqlite3.Statement<BetterSqlite3.BindValue[], unknown>;
      this.#queries.set(key, s);
    }
    return s;
  }

  positions(q: PositionQuery): VesselPositionRecord[] {
    const where: string[] = [];
    const args: number[] = [];
    if (q.mmsi !== undefined) {
      where.push('p.mmsi = ?');
      args.push(q.mmsi);
    }
    if (q.fromMs !== undefined) {
      where.push('p.t_ms >= ?');
      args.push(Math.ceil(q.fromMs));
    }
    if (q.toMs !== undefined) {
      where.push('p.t_ms <= ?');
      args.push(Math.floor(q.toMs));
    }
    if (q.bbox) {
      const [w, s, e, n] = q.bbox;
      where.push('p.lat_e7 BETWEEN ? AND ?');
      args.push(Math.round(s * E7), Math.round(n * E7));
      // West beyond east: the box crosses the antimeridian.
      where.push(w <= e ? 'p.lon_e7 BETWEEN ? AND ?' : '(p.lon_e7 >= ? OR p.lon_e7 <= ?)');
      args.push(Math.round(w * E7), Math.round(e * E7));
    }
    const limit = Math.min(q.limit ?? MAX_LIMIT, MAX_LIMIT);
    const key = `p|${where.join(' AND ')}`;
    const stmt = this.#query(
      key,
      () =>
        `SELECT p.*, s.name AS source FROM vessel_positions p JOIN maritime_sources s ON s.id = p.source
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.t_ms, p.mmsi LIMIT ?`,
    );
    return (stmt.all(...args, limit) as unknown as PositionRow[]).map((r) => ({
      mmsi: r.mmsi,
      tMs: r.t_ms,
      latDeg: r.lat_e7 / E7,
      lonDeg: r.lon_e7 / E7,
      speedKn: unscale(r.speed_dkn, 10),
      courseDeg: unscale(r.course_ddeg, 10),
      headingDeg: r.heading_deg,
      source: r.source,
    }));
  }

  identities(mmsi: number): VesselIdentityRecord[] {
    return this.#identities.all(mmsi).map(identityOf);
  }

  findIdentities(q: { readonly imo?: number; readonly name?: string; readonly limit?: number }) {
    const where: string[] = [];
    const args: (number | string)[] = [];
    if (q.imo !== undefined) {
      where.push('imo = ?');
      args.push(q.imo);
    }
    if (q.name !== undefined) {
      where.push("name LIKE ? ESCAPE '\\'");
      args.push(`%${q.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
    const stmt = this.#query(
      `i|${where.join(' AND ')}`,
      () =>
        `SELECT * FROM vessel_identities ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY last_seen_ms DESC, id DESC LIMIT ?`,
    );
    return (stmt.all(...args, Math.min(q.limit ?? 1_000, MAX_LIMIT)) as unknown as IdentityRow[]).map(
      identityOf,
    );
  }

  insertEvent(e: MaritimeEventRecord): 'new' | 'duplicate' {
    const r = this.#insertEvent.run(
      e.id,
      e.type,
      e.detectedMs,
      canonicalJson(e.detector),
      e.state,
      e.holder,
      e.updatedMs,
    );
    if (r.changes === 0) return 'duplicate';
    const seq = Number(r.lastInsertRowid);
    for (const m of e.mmsi) this.#insertEventVessel.run(m, seq);
    return 'new';
  }

  event(id: string): MaritimeEventRecord | undefined {
    const r = this.#event.get(id);
    return r ? this.#eventOf(r) : undefined;
  }

  events(q: MaritimeEventQuery): MaritimeEventRecord[] {
    const own: Filter[] = q.state === undefined ? [] : [['e.state = ?', q.state]];
    return this.#eventRows<EventRow>('e', 'maritime_events', 'detected_ms', q, own).map((r) =>
      this.#eventOf(r),
    );
  }

  /**
   * The rows of an events table (own or partners'), newest first by `time`, filtered by type, time
   * and vessel (through the table's index of vessels), with the table's `own` filters between the
   * time and the vessel; at most `q.limit` (1,000 by default, MAX_LIMIT at most).
   */
  #eventRows<Row>(
    key: string,
    table: 'maritime_events' | 'partner_maritime_events',
    time: 'detected_ms' | 'received_ms',
    q: { type?: string; sinceMs?: number; mmsi?: number; limit?: number },
    own: readonly Filter[],
  ): Row[] {
    const filters: Filter[] = [];
    if (q.type !== undefined) filters.push(['e.type = ?', q.type]);
    if (q.sinceMs !== undefined) filters.push([`e.${time} >= ?`, q.sinceMs]);
    filters.push(...own);
    if (q.mmsi !== undefined)
      filters.push([`e.seq IN (SELECT event_seq FROM ${VESSELS[table]} WHERE mmsi = ?)`, q.mmsi]);
    const where = filters.map(([sql]) => sql);
    const args = filters.flatMap(([, ...arg]) => arg);
    const stmt = this.#query(
      `${key}|${where.join(' AND ')}`,
      () =>
        `SELECT e.* FROM ${table} e ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY e.${time} DESC, e.seq DESC LIMIT ?`,
    );
    return stmt.all(...args, Math.min(q.limit ?? 1_000, MAX_LIMIT)) as unknown as Row[];
  }

  #eventOf(r: EventRow): MaritimeEventRecord {
    const detector = JSON.parse(r.body) as JsonValue;
    const listed = (detector as { mmsi?: unknown } | null)?.mmsi;
    const mmsi = Array.isArray(listed) ? (listed as number[]) : [];
    return {
      id: r.id,
      type: r.type,
      mmsi,
      detectedMs: r.detected_ms,
      detector,
      state: r.state,
      holder: r.holder,
      updatedMs: r.updated_ms,
      marking: r.marking,
      sharedItemId: r.shared_item_id,
    };
  }

  setShared(id: string, marking: string, itemId: string): void {
    const r = this.#setShared.run(marking, itemId, id);
    if (r.changes !== 1) throw new Error(`invariant: sharing unknown event ${id}`);
  }

  insertPartnerEvent(e: PartnerMaritimeEventRecord): 'new' | 'duplicate' {
    const r = this.#insertPartnerEvent.run(
      e.originator,
      e.id,
      e.type,
      e.itemId,
      e.marking,
      e.levelHere,
      e.receivedMs,
      canonicalJson(e.event),
      e.withdrawnMs,
    );
    if (r.changes === 0) return 'duplicate';
    const seq = Number(r.lastInsertRowid);
    for (const m of e.mmsi) this.#insertPartnerEventVessel.run(m, seq);
    return 'new';
  }

  partnerEvent(originator: string, id: string): PartnerMaritimeEventRecord | undefined {
    const r = this.#partnerEvent.get(originator, id);
    return r ? partnerEventOf(r) : undefined;
  }

  partnerEvents(q: PartnerMaritimeEventQuery): PartnerMaritimeEventRecord[] {
    const own: Filter[] =
      q.withdrawn === undefined
        ? []
        : [[q.withdrawn ? 'e.withdrawn_ms IS NOT NULL' : 'e.withdrawn_ms IS NULL']];
    return this.#eventRows<PartnerEventRow>('pe', 'partner_maritime_events', 'received_ms', q, own).map(
      partnerEventOf,
    );
  }

  withdrawPartnerEvent(originator: string, id: string, atMs: number): boolean {
    return this.#withdrawPartnerEvent.run(atMs, originator, id).changes === 1;
  }

  triage(t: TriageRecord, state: MaritimeEventState, holder: string | null): void {
    const r = this.#setState.run(state, holder, t.atMs, t.eventId);
    if (r.changes !== 1) throw new Error(`invariant: triage of unknown event ${t.eventId}`);
    this.#insertTriage.run(t.eventId, t.action, t.by, t.atMs, canonicalJson(t.detail));
  }

  triageOf(eventId: string): TriageRecord[] {
    return this.#triageOf.all(eventId).map((r) => ({
      eventId: r.event_id,
      action: r.action,
      by: r.by,
      atMs: r.at_ms,
      detail: JSON.parse(r.body) as JsonValue,
    }));
  }

  partnerEventCount(originator: string): number {
    const r = this.#query(
      'partner-event-count',
      () => 'SELECT COUNT(*) AS n FROM partner_maritime_events WHERE originator = ?',
    ).get(originator) as { n: number };
    return r.n;
  }

  dropOldestPartnerEvents(originator: string, count: number): number {
    if (!(count > 0)) return 0;
    // seq is the rowid: received order, walked from the oldest without a sort.
    const old = this.#query(
      'oldest-partner-events',
      () => 'SELECT seq FROM partner_maritime_events WHERE originator = ? ORDER BY seq LIMIT ?',
    ).all(originator, Math.floor(count)) as unknown as { seq: number }[];
    for (const e of old) {
      this.#query('prune-pev', () => 'DELETE FROM partner_maritime_event_vessels WHERE event_seq = ?').run(
        e.seq,
      );
      this.#query('prune-pe', () => 'DELETE FROM partner_maritime_events WHERE seq = ?').run(e.seq);
    }
    return old.length;
  }

  pruneBefore(beforeMs: number, limit: number): MaritimePruned {
    const positions = this.#query(
      'prune-positions',
      () =>
        `DELETE FROM vessel_positions WHERE (mmsi, t_ms) IN
           (SELECT mmsi, t_ms FROM vessel_positions WHERE t_ms < ? ORDER BY t_ms LIMIT ?)`,
    ).run(beforeMs, limit).changes;
    const identities = this.#query(
      'prune-identities',
      () =>
        `DELETE FROM vessel_identities WHERE id IN
           (SELECT id FROM vessel_identities WHERE last_seen_ms < ? ORDER BY last_seen_ms LIMIT ?)`,
    ).run(beforeMs, limit).changes;
    const old = this.#query(
      'old-events',
      () => 'SELECT seq, id FROM maritime_events WHERE detected_ms < ? ORDER BY detected_ms LIMIT ?',
    ).all(beforeMs, limit) as unknown as { seq: number; id: string }[];
    for (const e of old) {
      this.#query('prune-ev', () => 'DELETE FROM maritime_event_vessels WHERE event_seq = ?').run(e.seq);
      this.#query('prune-tr', () => 'DELETE FROM maritime_triage WHERE event_id = ?').run(e.id);
      this.#query('prune-e', () => 'DELETE FROM maritime_events WHERE seq = ?').run(e.seq);
    }
    const oldPartner = this.#query(
      'old-partner-events',
      () => 'SELECT seq FROM partner_maritime_events WHERE received_ms < ? ORDER BY received_ms LIMIT ?',
    ).all(beforeMs, limit) as unknown as { seq: number }[];
    for (const e of oldPartner) {
      this.#query('prune-pev', () => 'DELETE FROM partner_maritime_event_vessels WHERE event_seq = ?').run(
        e.seq,
      );
      this.#query('prune-pe', () => 'DELETE FROM partner_maritime_events WHERE seq = ?').run(e.seq);
    }
    return { positions, identities, events: old.length + oldPartner.length };
  }
}

function partnerEventOf(r: PartnerEventRow): PartnerMaritimeEventRecord {
  const event = JSON.parse(r.body) as JsonValue;
  const listed = (event as { mmsi?: unknown } | null)?.mmsi;
  return {
    originator: r.originator,
    id: r.id,
    type: r.type,
    mmsi: Array.isArray(listed) ? (listed as number[]) : [],
    itemId: r.item_id,
    marking: r.marking,
    levelHere: r.level_here,
    receivedMs: r.received_ms,
    event,
    withdrawnMs: r.withdrawn_ms,
  };
}

function identityOf(r: IdentityRow): VesselIdentityRecord {
  return {
    mmsi: r.mmsi,
    imo: r.imo,
    name: r.name,
    callsign: r.callsign,
    shipType: r.ship_type,
    firstSeenMs: r.first_seen_ms,
    lastSeenMs: r.last_seen_ms,
  };
}
