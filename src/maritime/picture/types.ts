/**
 * The fields of a gpsd AIS JSON record (`gpsdecode -j`, scaled) that the picture reads. A
 * structural subset: the codec's richer record type is assignable to it. Every field is optional
 * because each message type carries only some of them.
 */
export interface GpsdAisLike {
  readonly class?: string;
  readonly type?: number;
  readonly mmsi?: number;
  readonly status?: number;
  /** Knots; 102.3 = not available. */
  readonly speed?: number;
  /** Degrees; 181 = not available. */
  readonly lon?: number;
  /** Degrees; 91 = not available. */
  readonly lat?: number;
  /** Degrees; 360 = not available. */
  readonly course?: number;
  /** Degrees; 511 = not available. */
  readonly heading?: number;
  readonly accuracy?: boolean | number;
  readonly imo?: number;
  readonly callsign?: string;
  readonly shipname?: string;
  readonly shiptype?: number;
  readonly to_bow?: number;
  readonly to_stern?: number;
  readonly to_port?: number;
  readonly to_starboard?: number;
  readonly destination?: string;
  /** Type 24 only: which half of the static report this is (0 = A, name; 1 = B, type and size). */
  readonly partno?: number;
}

/** One AIS position report, normalised: unknown values are null, never sentinels. */
export interface Fix {
  readonly mmsi: number;
  /** Reception time from the tag block, ms since the epoch. */
  readonly tMs: number;
  readonly latDeg: number;
  readonly lonDeg: number;
  readonly speedKn: number | null;
  readonly courseDeg: number | null;
  readonly headingDeg: number | null;
  /** The AIS message type it came from (1-3 class A, 18/19 class B, 27 long range). */
  readonly msgType: number;
}

/** Static and voyage data (types 5, 19, 24); only the fields the record carried are set. */
export interface StaticReport {
  readonly mmsi: number;
  readonly tMs: number;
  readonly imo?: number;
  readonly callsign?: string;
  readonly name?: string;
  readonly shipType?: number;
  /** Length and beam from the antenna offsets, m. */
  readonly lengthM?: number;
  readonly beamM?: number;
  readonly destination?: string;
}

/** The sensors that report non-AIS contacts. */
export const CONTACT_SENSORS = ['radar', 'aircraft', 'sar', 'rf'] as const;
export type ContactSensor = (typeof CONTACT_SENSORS)[number];

/**
 * A detection by a coast-guard radar, a patrol aircraft or a satellite (SAR image, RF emitter
 * geolocation). `identity` is set when the sensor operator identified the vessel (a patrol
 * aircraft reading the name on the hull, say).
 */
export interface Contact {
  readonly id: string;
  readonly sensor: ContactSensor;
  readonly tMs: number;
  readonly latDeg: number;
  readonly lonDeg: number;
  /** The sensor's position uncertainty (1 sigma), m; widens the association gate. */
  readonly errorM: number;
  readonly identity?: { readonly mmsi?: number; readonly imo?: number; readonly name?: string };
}
