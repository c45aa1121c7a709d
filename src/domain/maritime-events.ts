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

/**
 * The sub-kinds of an `identity` event (its first evidence item's `kind`): shared for the same
 * reason, so the truth can list, and the scorer count, each separately.
 */
export const IDENTITY_KINDS = [
  'invalid-mmsi',
  'impossible-speed',
  'imo-changed',
  'name-changed',
  'position-on-land',
] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];
