import type { ShipKind, TrafficRegion } from './schema.js';

/**
 * Background shipping lanes and fishing grounds, by region. The waypoints are approximations
 * drawn by hand for this simulator between public port positions (port approaches, straits and
 * open-sea turning points read off small-scale charts), kept off the land of Natural Earth 1:50m
 * (a test checks every lane every 2 km) and clear of the Senkaku contiguous zone and the North
 * Korean ports, so background traffic raises no event by itself. Not surveyed routes; not for
 * navigation.
 */
export interface Lane {
  readonly id: string;
  readonly region: TrafficRegion;
  /** The kinds that sail it (fishing and government ships keep to grounds instead). */
  readonly kinds: readonly ShipKind[];
  /** [lat, lon] waypoints, degrees. */
  readonly waypoints: readonly (readonly [number, number])[];
}

/** A box where fishing boats trawl and patrol ships cruise, far enough from every shore. */
export interface Ground {
  readonly id: string;
  readonly region: TrafficRegion;
  readonly latMinDeg: number;
  readonly latMaxDeg: number;
  readonly lonMinDeg: number;
  readonly lonMaxDeg: number;
}

const MERCHANT: readonly ShipKind[] = ['tanker', 'cargo'];
const ALL_MERCHANT: readonly ShipKind[] = ['tanker', 'cargo', 'passenger'];

// Port approaches and turning points, [lat, lon].
const SHANGHAI = [31.0, 122.7] as const;
const NINGBO = [29.7, 123.0] as const;
const QINGDAO = [35.8, 120.8] as const;
const DALIAN = [38.65, 121.95] as const;
const LAOTIESHAN = [38.55, 121.0] as const;
const TIANJIN = [38.95, 118.2] as const;
const INCHEON = [37.15, 125.9] as const;
const BUSAN = [34.95, 129.1] as const;
const SOUTH_OF_JEJU = [32.8, 127.0] as const;
const KAOHSIUNG = [22.5, 120.15] as const;
const KEELUNG = [25.35, 121.85] as const;
const HONG_KONG = [22.05, 114.25] as const;
const SINGAPORE_EAST = [1.45, 104.6] as const;
const VUNG_TAU = [10.1, 107.3] as const;
const MANILA = [14.3, 120.3] as const;
const VLADIVOSTOK = [42.75, 131.9] as const;
const TSUGARU_WEST = [41.45, 139.7] as const;

export const LANES: readonly Lane[] = [
  // Yellow Sea and Bohai
  {
    id: 'shanghai-qingdao',
    region: 'yellow-sea',
    kinds: ALL_MERCHANT,
    waypoints: [SHANGHAI, [33.0, 122.4], [35.0, 121.4], QINGDAO],
  },
  {
    id: 'qingdao-dalian',
    region: 'yellow-sea',
    kinds: MERCHANT,
    waypoints: [QINGDAO, [36.6, 122.9], [37.45, 123.1], [38.3, 122.6], DALIAN],
  },
  {
    id: 'dalian-tianjin',
    region: 'yellow-sea',
    kinds: MERCHANT,
    waypoints: [DALIAN, LAOTIESHAN, [38.7, 119.5], TIANJIN],
  },
  {
    id: 'incheon-qingdao',
    region: 'yellow-sea',
    kinds: ALL_MERCHANT,
    waypoints: [INCHEON, [36.8, 124.6], [36.2, 123.0], QINGDAO],
  },
  {
    id: 'incheon-shanghai',
    region: 'yellow-sea',
    kinds: MERCHANT,
    waypoints: [INCHEON, [36.6, 125.3], [35.5, 124.7], [33.0, 123.5], SHANGHAI],
  },
  // East China Sea
  {
    id: 'shanghai-busan',
    region: 'east-china-sea',
    kinds: ALL_MERCHANT,
    waypoints: [SHANGHAI, [32.3, 125.0], SOUTH_OF_JEJU, [34.3, 128.7], BUSAN],
  },
  {
    id: 'ningbo-busan',
    region: 'east-china-sea',
    kinds: MERCHANT,
    waypoints: [NINGBO, [31.0, 125.0], SOUTH_OF_JEJU, [34.3, 128.7], BUSAN],
  },
  {
    id: 'shanghai-kaohsiung',
    region: 'east-china-sea',
    kinds: MERCHANT,
    waypoints: [SHANGHAI, NINGBO, [27.0, 121.6], [25.4, 120.3], [24.4, 119.45], [23.4, 118.95], KAOHSIUNG],
  },
  {
    id: 'busan-keelung',
    region: 'east-china-sea',
    kinds: MERCHANT,
    waypoints: [BUSAN, [34.3, 128.7], SOUTH_OF_JEJU, [28.0, 124.0], KEELUNG],
  },
  {
    id: 'shanghai-osumi',
    region: 'east-china-sea',
    kinds: MERCHANT,
    waypoints: [SHANGHAI, [30.9, 126.0], [30.7, 128.6]],
  },
  // Sea of Japan
  {
    id: 'busan-vladivostok',
    region: 'sea-of-japan',
    kinds: ALL_MERCHANT,
    waypoints: [BUSAN, [35.4, 129.8], [37.5, 130.3], [40.5, 131.3], VLADIVOSTOK],
  },
  {
    id: 'busan-tsugaru',
    region: 'sea-of-japan',
    kinds: MERCHANT,
    waypoints: [BUSAN, [35.4, 129.8], [37.5, 133.0], [40.5, 138.4], TSUGARU_WEST],
  },
  {
    id: 'vladivostok-tsugaru',
    region: 'sea-of-japan',
    kinds: MERCHANT,
    waypoints: [VLADIVOSTOK, [41.9, 135.5], TSUGARU_WEST],
  },
  // South China Sea
  {
    id: 'hongkong-singapore',
    region: 'south-china-sea',
    kinds: MERCHANT,
    waypoints: [HONG_KONG, [18.5, 113.3], [12.0, 110.5], [8.0, 107.8], [4.0, 105.5], SINGAPORE_EAST],
  },
  {
    id: 'hongkong-manila',
    region: 'south-china-sea',
    kinds: ALL_MERCHANT,
    waypoints: [HONG_KONG, [18.0, 118.0], [15.0, 119.6], MANILA],
  },
  {
    id: 'vungtau-hongkong',
    region: 'south-china-sea',
    kinds: MERCHANT,
    waypoints: [VUNG_TAU, [9.6, 108.6], [12.0, 110.5], [18.5, 113.3], HONG_KONG],
  },
  {
    id: 'kaohsiung-hongkong',
    region: 'south-china-sea',
    kinds: MERCHANT,
    waypoints: [KAOHSIUNG, [22.0, 118.0], HONG_KONG],
  },
];

export const GROUNDS: readonly Ground[] = [
  {
    id: 'yellow-sea-central',
    region: 'yellow-sea',
    latMinDeg: 34.5,
    latMaxDeg: 36.0,
    lonMinDeg: 122.5,
    lonMaxDeg: 124.0,
  },
  {
    id: 'east-china-sea-shelf',
    region: 'east-china-sea',
    latMinDeg: 28.5,
    latMaxDeg: 30.5,
    lonMinDeg: 124.0,
    lonMaxDeg: 125.5,
  },
  {
    id: 'yamato-bank',
    region: 'sea-of-japan',
    latMinDeg: 38.5,
    latMaxDeg: 39.8,
    lonMinDeg: 132.5,
    lonMaxDeg: 134.5,
  },
  {
    id: 'south-china-sea-north',
    region: 'south-china-sea',
    latMinDeg: 14.0,
    latMaxDeg: 16.0,
    lonMinDeg: 113.0,
    lonMaxDeg: 115.0,
  },
];
