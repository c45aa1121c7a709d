/**
 * The text gpsd 3.22 puts next to coded values (`status_text`, `shiptype_text`, ...), restated
 * from ITU-R M.1371 and IMO SN.1/Circ.289 tables as gpsd words them, so that `*_text` fields
 * compare equal with `gpsdecode -j`.
 */

/** Lookup with gpsd's fallback text for codes past the end of the table. */
export function legend(table: readonly string[], code: number, fallback: string): string {
  return code < table.length ? table[code]! : fallback;
}

export const NAV_STATUS: readonly string[] = [
  'Under way using engine',
  'At anchor',
  'Not under command',
  'Restricted manoeuverability',
  'Constrained by her draught',
  'Moored',
  'Aground',
  'Engaged in fishing',
  'Under way sailing',
  'Reserved for HSC',
  'Reserved for WIG',
  'Reserved',
  'Reserved',
  'Reserved',
  'Reserved',
  'Not defined',
];

export const EPFD: readonly string[] = [
  'Undefined',
  'GPS',
  'GLONASS',
  'Combined GPS/GLONASS',
  'Loran-C',
  'Chayka',
  'Integrated navigation system',
  'Surveyed',
  'Galileo',
];
export const EPFD_INVALID = 'INVALID EPFD';

function repeat(text: string, n: number): string[] {
  return Array.from({ length: n }, () => text);
}

function category(name: string, last: string): string[] {
  return [
    `${name} - all ships of this type`,
    `${name} - Hazardous category A`,
    `${name} - Hazardous category B`,
    `${name} - Hazardous category C`,
    `${name} - Hazardous category D`,
    ...repeat(`${name} - Reserved for future use`, 4),
    `${name} - ${last}`,
  ];
}

export const SHIP_TYPE: readonly string[] = [
  'Not available',
  ...repeat('Reserved for future use', 19),
  'Wing in ground (WIG) - all ships of this type',
  'Wing in ground (WIG) - Hazardous category A',
  'Wing in ground (WIG) - Hazardous category B',
  'Wing in ground (WIG) - Hazardous category C',
  'Wing in ground (WIG) - Hazardous category D',
  ...repeat('Wing in ground (WIG) - Reserved for future use', 5),
  'Fishing',
  'Towing',
  'Towing: length exceeds 200m or breadth exceeds 25m',
  'Dredging or underwater ops',
  'Diving ops',
  'Military ops',
  'Sailing',
  'Pleasure Craft',
  'Reserved',
  'Reserved',
  ...category('High speed craft (HSC)', 'No additional information'),
  'Pilot Vessel',
  'Search and Rescue vessel',
  'Tug',
  'Port Tender',
  'Anti-pollution equipment',
  'Law Enforcement',
  'Spare - Local Vessel',
  'Spare - Local Vessel',
  'Medical Transport',
  'Ship according to RR Resolution No. 18',
  ...category('Passenger', 'No additional information'),
  ...category('Cargo', 'No additional information'),
  ...category('Tanker', 'No additional information'),
  ...category('Other Type', 'no additional information'),
];
export const SHIP_TYPE_INVALID = 'INVALID SHIP TYPE';

export const STATION_TYPE: readonly string[] = [
  'All types of mobiles',
  'Reserved for future use',
  'All types of Class B mobile stations',
  'SAR airborne mobile station',
  'Aid to Navigation station',
  'Class B shipborne mobile station',
  ...repeat('Regional use and inland waterways', 4),
  ...repeat('Reserved for future use', 6),
];
export const STATION_TYPE_INVALID = 'INVALID STATION TYPE';

export const NAVAID_TYPE: readonly string[] = [
  'Unspecified',
  'Reference point',
  'RACON',
  'Fixed offshore structure',
  'Spare, Reserved for future use.',
  'Light, without sectors',
  'Light, with sectors',
  'Leading Light Front',
  'Leading Light Rear',
  'Beacon, Cardinal N',
  'Beacon, Cardinal E',
  'Beacon, Cardinal S',
  'Beacon, Cardinal W',
  'Beacon, Port hand',
  'Beacon, Starboard hand',
  'Beacon, Preferred Channel port hand',
  'Beacon, Preferred Channel starboard hand',
  'Beacon, Isolated danger',
  'Beacon, Safe water',
  'Beacon, Special mark',
  'Cardinal Mark N',
  'Cardinal Mark E',
  'Cardinal Mark S',
  'Cardinal Mark W',
  'Port hand Mark',
  'Starboard hand Mark',
  'Preferred Channel Port hand',
  'Preferred Channel Starboard hand',
  'Isolated danger',
  'Safe Water',
  'Special Mark',
  'Light Vessel / LANBY / Rigs',
];
export const NAVAID_TYPE_INVALID = 'INVALID NAVAID TYPE';

export const TREND: readonly string[] = ['steady', 'increasing', 'decreasing', 'N/A'];
export const PRECIP_TYPE: readonly string[] = [
  'reserved',
  'rain',
  'thunderstorm',
  'freezing rain',
  'mixed/ice',
  'snow',
  'reserved',
  'N/A',
];
export const ICE: readonly string[] = ['no', 'yes', 'reserved', 'N/A'];
export const RACON_STATUS: readonly string[] = [
  'No RACON installed',
  'RACON not monitored',
  'RACON operational',
  'RACON ERROR',
];
export const LIGHT_STATUS: readonly string[] = [
  'No light or no monitoring',
  'Light ON',
  'Light OFF',
  'Light ERROR',
];

/** Inland (DAC 200) hazard classes and load states. */
export const HAZARD: readonly string[] = [
  '0 blue cones/lights',
  '1 blue cone/light',
  '2 blue cones/lights',
  '3 blue cones/lights',
  '4 B-Flag',
  'Unknown',
];
export const HAZARD_INVALID = 'INVALID HAZARD TYPE';
export const LOAD_STATUS: readonly string[] = ['N/A (default)', 'Unloaded', 'Loaded'];
export const LOAD_STATUS_INVALID = 'INVALID LOAD STATUS';

/** Inland ship types: [ERI code, the matching ITU ship type, text]; gpsd matches either number. */
const INLAND_SHIP_TYPE: readonly (readonly [number, number, string])[] = [
  [8000, 99, 'Vessel, type unknown'],
  [8010, 79, 'Motor freighter'],
  [8020, 89, 'Motor tanker'],
  [8021, 80, 'Motor tanker, liquid cargo, type N'],
  [8022, 80, 'Motor tanker, liquid cargo, type C'],
  [8023, 89, 'Motor tanker, dry cargo as if liquid (e.g. cement)'],
  [8030, 79, 'Container vessel'],
  [8040, 80, 'Gas tanker'],
  [8050, 79, 'Motor freighter, tug'],
  [8060, 89, 'Motor tanker, tug'],
  [8070, 79, 'Motor freighter with one or more ships alongside'],
  [8080, 89, 'Motor freighter with tanker'],
  [8090, 79, 'Motor freighter pushing one or more freighters'],
  [8100, 89, 'Motor freighter pushing at least one tank-ship'],
  [8110, 79, 'Tug, freighter'],
  [8120, 89, 'Tug, tanker'],
  [8130, 31, 'Tug freighter, coupled'],
  [8140, 31, 'Tug, freighter/tanker, coupled'],
  [8150, 99, 'Freightbarge'],
  [8160, 99, 'Tankbarge'],
  [8161, 90, 'Tankbarge, liquid cargo, type N'],
  [8162, 90, 'Tankbarge, liquid cargo, type C'],
  [8163, 99, 'Tankbarge, dry cargo as if liquid (e.g. cement)'],
  [8170, 99, 'Freightbarge with containers'],
  [8180, 90, 'Tankbarge, gas'],
  [8210, 79, 'Pushtow, one cargo barge'],
  [8220, 79, 'Pushtow, two cargo barges'],
  [8230, 79, 'Pushtow, three cargo barges'],
  [8240, 79, 'Pushtow, four cargo barges'],
  [8250, 79, 'Pushtow, five cargo barges'],
  [8260, 79, 'Pushtow, six cargo barges'],
  [8270, 79, 'Pushtow, seven cargo barges'],
  [8280, 79, 'Pushtow, eigth cargo barges'],
  [8290, 79, 'Pushtow, nine or more barges'],
  [8310, 80, 'Pushtow, one tank/gas barge'],
  [8320, 80, 'Pushtow, two barges at least one tanker or gas barge'],
  [8330, 80, 'Pushtow, three barges at least one tanker or gas barge'],
  [8340, 80, 'Pushtow, four barges at least one tanker or gas barge'],
  [8350, 80, 'Pushtow, five barges at least one tanker or gas barge'],
  [8360, 80, 'Pushtow, six barges at least one tanker or gas barge'],
  [8370, 80, 'Pushtow, seven barges at least one tanker or gas barg'],
];

export function inlandShipType(code: number): string {
  for (const [eri, itu, text] of INLAND_SHIP_TYPE) if (eri === code || itu === code) return text;
  return 'Illegal ship type value.';
}
