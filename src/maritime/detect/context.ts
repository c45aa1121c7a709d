import type { FixUpdate, StaticChange, VesselPicture, VesselState } from '../picture/index.js';
import type { LandIndex, PlaceIndex, ShoreIndex, ZoneIndex } from '../reference/index.js';
import type { DetectedEvent } from './event.js';
import type { DetectParams } from './params.js';
import type { WatchIndex } from './watchlist-index.js';

/** The reference data all detectors consult. */
export interface MaritimeReference {
  readonly shore: ShoreIndex;
  /** Null when no land polygons were given (then no "position on land" findings). */
  readonly land: LandIndex | null;
  readonly ports: PlaceIndex;
  readonly anchorages: PlaceIndex;
  readonly zones: ZoneIndex;
  readonly watch: WatchIndex;
}

/** What every detector call gets: the picture, reference data, parameters and an emitter. */
export interface DetectorContext {
  readonly picture: VesselPicture;
  readonly ref: MaritimeReference;
  readonly params: DetectParams;
  /** Distance to shore, m, memoised per 0.05 degree cell (~5 km: well below the 20/50 nm thresholds it serves). */
  shoreDistanceM(latDeg: number, lonDeg: number): number;
  emit(e: DetectedEvent): void;
}

export interface FixEvent extends FixUpdate {
  /** Positions received in the reception window before this fix's silence began (gap detector). */
  readonly receptionBefore: number | null;
}

/** A detector: streaming, O(nearby) work per call. */
export interface Detector {
  onFix?(ctx: DetectorContext, u: FixEvent): void;
  onStatic?(ctx: DetectorContext, v: VesselState, changes: readonly StaticChange[]): void;
  /** The end of input at stream time `endMs`: flush what is still open. */
  finish?(ctx: DetectorContext, endMs: number): void;
}
