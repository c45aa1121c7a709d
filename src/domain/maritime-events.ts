/**
 * The maritime event types: what `concord ais detect` writes in an event's `type`, and what the
 * synthetic traffic's ground truth lists. One list, shared by `maritime` (the detectors) and `sim`
 * (the truth and its scorer), which is why it lives in `domain`: neither may import the other.
 */
export const MARITIME_EVENT_TYPES = [
  'encounter',
  'loitering',
  'gap',
  'identity',
  'zone-entry',
  'zone-exit',
  'port-visit',
  'watchlist',
  'dark',
] as const;
export type MaritimeEventType = (typeof MARITIME_EVENT_TYPES)[number];
