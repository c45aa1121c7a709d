// What an export holds: a nation's picture as plain data (no node, no clock), so the GeoJSON and
// KML writers are pure functions of it and a test can build one by hand.

import type { Nation } from '../domain/index.js';

export interface LatLonDeg {
  readonly latDeg: number;
  readonly lonDeg: number;
}

/** One object of the nation's fused picture, at its own time. */
export interface ExportTrack {
  /** `<nation>:<trackId>` of its first source (stable while that source lives). */
  readonly id: string;
  /** The nations whose national tracks were fused into it, the one whose track names it (`id`) first. */
  readonly originators: readonly Nation[];
  readonly sources: readonly string[];
  /** The first originator's marking of its tracks, when known. */
  readonly marking?: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly altitudeM: number;
  readonly speedMps: number;
  readonly timeMs: number;
  /** Horizontal and vertical 1-sigma position errors, m, when the covariance is known (CoT's ce, le). */
  readonly ceM?: number;
  readonly leM?: number;
}

/** A warning the node issued to its nation (withdrawn ones included, marked so). */
export interface ExportWarning {
  readonly trackId: string;
  readonly reason: string;
  readonly zone: string;
  readonly area: string;
  readonly phase: string;
  readonly issuedMs: number;
  readonly eventMs: number;
  readonly withdrawnMs?: number;
  /** The predicted impact, or the first overflight, point. */
  readonly latDeg: number;
  readonly lonDeg: number;
  /** The 95 % impact ellipse: semi-axes in m, orientation of the semi-major axis in degrees from north. */
  readonly ellipse?: {
    readonly semiMajorM: number;
    readonly semiMinorM: number;
    readonly orientationDeg: number;
  };
  /** A boost-phase possible impact: the outline of the swept region. */
  readonly swept?: readonly LatLonDeg[];
}

export interface ExportVessel {
  readonly mmsi: number;
  readonly name?: string;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly speedKn: number | null;
  readonly courseDeg: number | null;
  /** True heading, degrees, when it sent one. */
  readonly headingDeg?: number;
  /** AIS ship type (ITU-R M.1371), when it sent one. */
  readonly shipType?: number;
  readonly lastSeenMs: number;
  readonly sources: readonly string[];
}

export interface ExportMaritimeEvent {
  /** The node's id, or `<ORIGINATOR>:<id>` for a partner's. */
  readonly id: string;
  readonly type: string;
  readonly originator: Nation | string;
  readonly mmsi: readonly number[];
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly timeMs: number;
  /** The node's triage state, or `shared` for a partner's standing event. */
  readonly state: string;
  readonly marking?: string;
}

/** A sea area the node's maritime desk detects against (a territorial sea, a contiguous zone, ...). */
export interface ExportZone {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  /** The outer outline of each of its polygons (holes are not exported). */
  readonly outlines: readonly (readonly LatLonDeg[])[];
}

/** A nation's picture at one instant, as exported. */
export interface NationExport {
  readonly nation: Nation;
  readonly timeMs: number;
  readonly tracks: readonly ExportTrack[];
  readonly warnings: readonly ExportWarning[];
  readonly vessels: readonly ExportVessel[];
  readonly events: readonly ExportMaritimeEvent[];
  readonly zones: readonly ExportZone[];
}
