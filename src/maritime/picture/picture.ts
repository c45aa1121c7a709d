import { SpatialGrid } from './grid.js';
import { FixHistory, HistoryStore } from './history.js';
import { ReceptionCounts, ReceptionStore } from './reception.js';
import { SlabPool } from './slab.js';
import type { Fix, StaticReport } from './types.js';

/** One vessel as the picture knows it: latest kinematics, static data, history, reception. */
export interface VesselState {
  readonly mmsi: number;
  /** Latest fix. */
  tMs: number;
  latDeg: number;
  lonDeg: number;
  speedKn: number | null;
  courseDeg: number | null;
  headingDeg: number | null;
  firstSeenMs: number;
  fixCount: number;
  imo?: number;
  callsign?: string;
  name?: string;
  shipType?: number;
  lengthM?: number;
  beamM?: number;
  destination?: string;
  readonly history: FixHistory;
  readonly reception: ReceptionCounts;
}

/** What a fix changed: the vessel after it and its fix before (null for a new vessel). */
export interface FixUpdate {
  readonly vessel: VesselState;
  readonly previous: { readonly tMs: number; readonly latDeg: number; readonly lonDeg: number } | null;
}

/** Static fields that changed value (not those first learnt). */
export interface StaticChange {
  readonly field: 'imo' | 'name';
  readonly from: string | number;
  readonly to: string | number;
}

type F64Column =
  | 'tMs'
  | 'latDeg'
  | 'lonDeg'
  | 'speedKn'
  | 'courseDeg'
  | 'headingDeg'
  | 'firstSeenMs'
  | 'imo'
  | 'shipType'
  | 'lengthM'
  | 'beamM';
const F64_COLUMNS: readonly F64Column[] = [
  'tMs',
  'latDeg',
  'lonDeg',
  'speedKn',
  'courseDeg',
  'headingDeg',
  'firstSeenMs',
  'imo',
  'shipType',
  'lengthM',
  'beamM',
];
type TextColumn = 'name' | 'callsign' | 'destination';

/**
 * Per-vessel state as columns indexed by the vessel's slot (struct of arrays): numbers in
 * Float64Arrays, NaN standing for null/undefined; texts in plain arrays. One object per vessel
 * cost ~0.5 KB with its boxed numbers; a row here is ~130 bytes.
 */
class VesselTable {
  capacity = 0;
  /** Float64, not Uint32: the picture takes any integer MMSI a caller hands it. */
  mmsi = new Float64Array(0);
  fixCount = new Uint32Array(0);
  readonly f64 = {} as Record<F64Column, Float64Array>;
  readonly text: Record<TextColumn, (string | undefined)[]> = { name: [], callsign: [], destination: [] };

  constructor() {
    for (const c of F64_COLUMNS) this.f64[c] = new Float64Array(0);
  }

  ensure(slot: number): void {
    if (slot < this.capacity) return;
    let cap = Math.max(1024, this.capacity);
    while (cap <= slot) cap *= 2;
    const m = new Float64Array(cap);
    m.set(this.mmsi);
    this.mmsi = m;
    const f = new Uint32Array(cap);
    f.set(this.fixCount);
    this.fixCount = f;
    for (const c of F64_COLUMNS) {
      const a = new Float64Array(cap).fill(Number.NaN);
      a.set(this.f64[c]);
      this.f64[c] = a;
    }
    this.capacity = cap;
  }
}

const orNull = (x: number): number | null => (Number.isNaN(x) ? null : x);
const orUndefined = (x: number): number | undefined => (Number.isNaN(x) ? undefined : x);
const orNaN = (x: number | null | undefined): number => (x === null || x === undefined ? Number.NaN : x);

/**
 * A view of one vessel's row: reads and writes go to the picture's columns. Made on demand (the
 * picture keeps no object per vessel); two views of one vessel see the same state.
 */
class VesselRow implements VesselState {
  constructor(
    private readonly p: VesselPicture,
    readonly slot: number,
  ) {}
  private get t(): VesselTable {
    return this.p.table;
  }
  get mmsi(): number {
    return this.t.mmsi[this.slot]!;
  }
  get tMs(): number {
    return this.t.f64.tMs[this.slot]!;
  }
  set tMs(x: number) {
    this.t.f64.tMs[this.slot] = x;
  }
  get latDeg(): number {
    return this.t.f64.latDeg[this.slot]!;
  }
  set latDeg(x: number) {
    this.t.f64.latDeg[this.slot] = x;
  }
  get lonDeg(): number {
    return this.t.f64.lonDeg[this.slot]!;
  }
  set lonDeg(x: number) {
    this.t.f64.lonDeg[this.slot] = x;
  }
  get speedKn(): number | null {
    return orNull(this.t.f64.speedKn[this.slot]!);
  }
  set speedKn(x: number | null) {
    this.t.f64.speedKn[this.slot] = orNaN(x);
  }
  get courseDeg(): number | null {
    return orNull(this.t.f64.courseDeg[this.slot]!);
  }
  set courseDeg(x: number | null) {
    this.t.f64.courseDeg[this.slot] = orNaN(x);
  }
  get headingDeg(): number | null {
    return orNull(this.t.f64.headingDeg[this.slot]!);
  }
  set headingDeg(x: number | null) {
    this.t.f64.headingDeg[this.slot] = orNaN(x);
  }
  get firstSeenMs(): number {
    return this.t.f64.firstSeenMs[this.slot]!;
  }
  set firstSeenMs(x: number) {
    this.t.f64.firstSeenMs[this.slot] = x;
  }
  get fixCount(): number {
    return this.t.fixCount[this.slot]!;
  }
  set fixCount(x: number) {
    this.t.fixCount[this.slot] = x;
  }
  get imo(): number | undefined {
    return orUndefined(this.t.f64.imo[this.slot]!);
  }
  set imo(x: number | undefined) {
    this.t.f64.imo[this.slot] = orNaN(x);
  }
  get shipType(): number | undefined {
    return orUndefined(this.t.f64.shipType[this.slot]!);
  }
  set shipType(x: number | undefined) {
    this.t.f64.shipType[this.slot] = orNaN(x);
  }
  get lengthM(): number | undefined {
    return orUndefined(this.t.f64.lengthM[this.slot]!);
  }
  set lengthM(x: number | undefined) {
    this.t.f64.lengthM[this.slot] = orNaN(x);
  }
  get beamM(): number | undefined {
    return orUndefined(this.t.f64.beamM[this.slot]!);
  }
  set beamM(x: number | undefined) {
    this.t.f64.beamM[this.slot] = orNaN(x);
  }
  get name(): string | undefined {
    return this.t.text.name[this.slot];
  }
  set name(x: string | undefined) {
    this.t.text.name[this.slot] = x;
  }
  get callsign(): string | undefined {
    return this.t.text.callsign[this.slot];
  }
  set callsign(x: string | undefined) {
    this.t.text.callsign[this.slot] = x;
  }
  get destination(): string | undefined {
    return this.t.text.destination[this.slot];
  }
  set destination(x: string | undefined) {
    this.t.text.destination[this.slot] = x;
  }
  get history(): FixHistory {
    return new FixHistory(this.p.histories, this.slot);
  }
  get reception(): ReceptionCounts {
    return new ReceptionCounts(this.p.reception, this.slot);
  }
}

/**
 * The vessel picture: per-MMSI state and a grid of latest positions. Pure: time comes from the
 * fixes handed in. Vessels live in slots (0, 1, ... in order of first fix) of typed columns —
 * kinematics and static data, history, reception counts, grid links — not in an object each.
 */
export class VesselPicture {
  /** MMSI -> slot. */
  private readonly slots = new Map<number, number>();
  /** Fixes of new MMSIs refused because the picture was full. */
  refusedFixes = 0;

  /**
   * @param maxVessels the most MMSIs held (ours: 1,000,000, five times the 200,000 the picture
   * is sized for), so that a feed inventing identities cannot exhaust memory; fixes of further
   * new MMSIs are refused and counted.
   */
  constructor(readonly maxVessels = 1_000_000) {}
  /** Latest positions by slot; `near` gives MMSIs. */
  readonly grid = new SpatialGrid();
  /** Where every vessel's history lives. */
  readonly pool = new SlabPool();
  readonly histories = new HistoryStore(this.pool);
  /** Where every vessel's hourly reception counts live. */
  readonly reception = new ReceptionStore();
  /** @internal the columns `VesselRow` reads. */
  readonly table = new VesselTable();

  get size(): number {
    return this.slots.size;
  }
  get(mmsi: number): VesselState | undefined {
    const slot = this.slots.get(mmsi);
    return slot === undefined ? undefined : new VesselRow(this, slot);
  }
  *values(): IterableIterator<VesselState> {
    for (const slot of this.slots.values()) yield new VesselRow(this, slot);
  }

  /** MMSIs of the vessels whose latest position is in the grid cells within `radiusM` of (lat, lon); callers test exact distance. */
  *near(latDeg: number, lonDeg: number, radiusM: number): Generator<number> {
    for (const slot of this.grid.near(latDeg, lonDeg, radiusM)) yield this.table.mmsi[slot]!;
  }

  /**
   * Applies a fix. A fix older than the vessel's latest (a late copy from another receiver) is
   * counted for reception but changes nothing else, and gives null; so does a new MMSI's fix when
   * the picture is full, and a fix without a finite position or time (which `adaptGpsd` never makes).
   */
  applyFix(fix: Fix): FixUpdate | null {
    if (!(Number.isFinite(fix.latDeg) && Number.isFinite(fix.lonDeg) && Number.isFinite(fix.tMs)))
      return null;
    const t = this.table;
    const c = t.f64;
    let slot = this.slots.get(fix.mmsi);
    if (slot === undefined) {
      if (this.slots.size >= this.maxVessels) {
        this.refusedFixes++;
        return null;
      }
      slot = this.slots.size;
      t.ensure(slot);
      this.slots.set(fix.mmsi, slot);
      t.mmsi[slot] = fix.mmsi;
      c.firstSeenMs[slot] = fix.tMs;
      this.reception.add(slot, fix.tMs);
      this.update(slot, fix);
      return { vessel: new VesselRow(this, slot), previous: null };
    }
    this.reception.add(slot, fix.tMs);
    if (fix.tMs < c.tMs[slot]!) return null;
    const previous = { tMs: c.tMs[slot]!, latDeg: c.latDeg[slot]!, lonDeg: c.lonDeg[slot]! };
    this.update(slot, fix);
    return { vessel: new VesselRow(this, slot), previous };
  }

  private update(slot: number, fix: Fix): void {
    const c = this.table.f64;
    c.tMs[slot] = fix.tMs;
    c.latDeg[slot] = fix.latDeg;
    c.lonDeg[slot] = fix.lonDeg;
    c.speedKn[slot] = orNaN(fix.speedKn);
    c.courseDeg[slot] = orNaN(fix.courseDeg);
    c.headingDeg[slot] = orNaN(fix.headingDeg);
    this.table.fixCount[slot]!++;
    this.histories.offer(slot, fix.tMs, fix.latDeg, fix.lonDeg, fix.speedKn, fix.courseDeg);
    this.grid.set(slot, fix.latDeg, fix.lonDeg);
  }

  /**
   * Applies static data; a vessel first known by its static report has no position yet and is
   * not created (it appears with its first fix). Returns the IMO or name changes it made.
   */
  applyStatic(s: StaticReport): { vessel: VesselState | undefined; changes: StaticChange[] } {
    const slot = this.slots.get(s.mmsi);
    const changes: StaticChange[] = [];
    if (slot === undefined) {
      this.pendingStatic.set(s.mmsi, { ...this.pendingStatic.get(s.mmsi), ...s });
      return { vessel: undefined, changes };
    }
    const v = new VesselRow(this, slot);
    if (s.imo !== undefined) {
      const was = v.imo;
      if (was !== undefined && was !== s.imo) changes.push({ field: 'imo', from: was, to: s.imo });
      v.imo = s.imo;
    }
    if (s.name !== undefined) {
      const was = v.name;
      if (was !== undefined && was !== s.name) changes.push({ field: 'name', from: was, to: s.name });
      v.name = s.name;
    }
    if (s.callsign !== undefined) v.callsign = s.callsign;
    if (s.shipType !== undefined) v.shipType = s.shipType;
    if (s.lengthM !== undefined) v.lengthM = s.lengthM;
    if (s.beamM !== undefined) v.beamM = s.beamM;
    if (s.destination !== undefined) v.destination = s.destination;
    return { vessel: v, changes };
  }

  /** Static data that arrived before the vessel's first position, waiting for it. */
  private readonly pendingStatic = new Map<number, StaticReport>();

  /** Hands over static data that arrived before the first fix (called once the vessel exists). */
  takePendingStatic(mmsi: number): StaticReport | undefined {
    const s = this.pendingStatic.get(mmsi);
    if (s) this.pendingStatic.delete(mmsi);
    return s;
  }
}
