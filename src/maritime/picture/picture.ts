import { SpatialGrid } from './grid.js';
import { FixHistory } from './history.js';
import { type ReceptionCounts, ReceptionStore } from './reception.js';
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

/**
 * The vessel picture: per-MMSI state and a grid of latest positions. Pure: time comes from the
 * fixes handed in.
 */
export class VesselPicture {
  private readonly vessels = new Map<number, VesselState>();
  /** Fixes of new MMSIs refused because the picture was full. */
  refusedFixes = 0;

  /**
   * @param maxVessels the most MMSIs held (ours: 1,000,000, five times the 200,000 the picture
   * is sized for), so that a feed inventing identities cannot exhaust memory; fixes of further
   * new MMSIs are refused and counted.
   */
  constructor(readonly maxVessels = 1_000_000) {}
  readonly grid = new SpatialGrid();
  /** Where every vessel's history lives. */
  readonly pool = new SlabPool();
  /** Where every vessel's hourly reception counts live. */
  readonly reception = new ReceptionStore();

  get size(): number {
    return this.vessels.size;
  }
  get(mmsi: number): VesselState | undefined {
    return this.vessels.get(mmsi);
  }
  values(): IterableIterator<VesselState> {
    return this.vessels.values();
  }

  /**
   * Applies a fix. A fix older than the vessel's latest (a late copy from another receiver) is
   * counted for reception but changes nothing else, and gives null; so does a new MMSI's fix when
   * the picture is full.
   */
  applyFix(fix: Fix): FixUpdate | null {
    let v = this.vessels.get(fix.mmsi);
    if (!v) {
      if (this.vessels.size >= this.maxVessels) {
        this.refusedFixes++;
        return null;
      }
      v = {
        mmsi: fix.mmsi,
        tMs: fix.tMs,
        latDeg: fix.latDeg,
        lonDeg: fix.lonDeg,
        speedKn: fix.speedKn,
        courseDeg: fix.courseDeg,
        headingDeg: fix.headingDeg,
        firstSeenMs: fix.tMs,
        fixCount: 0,
        history: new FixHistory(this.pool),
        reception: this.reception.open(),
      };
      this.vessels.set(fix.mmsi, v);
      this.record(v, fix);
      return { vessel: v, previous: null };
    }
    v.reception.add(fix.tMs);
    if (fix.tMs < v.tMs) return null;
    const previous = { tMs: v.tMs, latDeg: v.latDeg, lonDeg: v.lonDeg };
    v.tMs = fix.tMs;
    v.latDeg = fix.latDeg;
    v.lonDeg = fix.lonDeg;
    v.speedKn = fix.speedKn;
    v.courseDeg = fix.courseDeg;
    v.headingDeg = fix.headingDeg;
    v.fixCount++;
    v.history.offer(fix.tMs, fix.latDeg, fix.lonDeg, fix.speedKn, fix.courseDeg);
    this.grid.set(fix.mmsi, fix.latDeg, fix.lonDeg);
    return { vessel: v, previous };
  }

  private record(v: VesselState, fix: Fix): void {
    v.reception.add(fix.tMs);
    v.fixCount++;
    v.history.offer(fix.tMs, fix.latDeg, fix.lonDeg, fix.speedKn, fix.courseDeg);
    this.grid.set(fix.mmsi, fix.latDeg, fix.lonDeg);
  }

  /**
   * Applies static data; a vessel first known by its static report has no position yet and is
   * not created (it appears with its first fix). Returns the IMO or name changes it made.
   */
  applyStatic(s: StaticReport): { vessel: VesselState | undefined; changes: StaticChange[] } {
    const v = this.vessels.get(s.mmsi);
    const changes: StaticChange[] = [];
    if (!v) {
      this.pendingStatic.set(s.mmsi, { ...this.pendingStatic.get(s.mmsi), ...s });
      return { vessel: undefined, changes };
    }
    if (s.imo !== undefined) {
      if (v.imo !== undefined && v.imo !== s.imo) changes.push({ field: 'imo', from: v.imo, to: s.imo });
      v.imo = s.imo;
    }
    if (s.name !== undefined) {
      if (v.name !== undefined && v.name !== s.name)
        changes.push({ field: 'name', from: v.name, to: s.name });
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
