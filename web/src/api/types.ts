import type { z } from 'zod';
import type { agreementEvents, alerts, health, picture, track } from '../../../src/api/picture-schemas.js';

// The console's view of the API: the very zod schemas the node validates and serialises with
// (src/api), read as types. A change of a payload that the console relies on fails its type-check,
// and so `npm ci` (the console is type-checked in its build). Type-only: no zod in the bundle.

export type Health = z.output<typeof health>;
export type Picture = z.output<typeof picture>;
export type Track = z.output<typeof track>;
export type Alerts = z.output<typeof alerts>;
export type Warning = Alerts['warnings'][number];
export type Notice = Alerts['notices'][number];
export type AgreementEvents = z.output<typeof agreementEvents>;
export type { Nation } from '../../../src/domain/index.js';

import type { trajectories } from '../../../src/api/track-schemas.js';

export type Trajectories = z.output<typeof trajectories>;

import type {
  eventPage,
  eventUpdate,
  maritimeEvent,
  maritimeEvents,
  triageBody,
  triageResult,
  vessel,
  vesselPage,
  vessels,
  vesselUpdate,
} from '../../../src/api/maritime-schemas.js';

export type Vessel = z.output<typeof vessel>;
export type Vessels = z.output<typeof vessels>;
export type VesselPage = z.output<typeof vesselPage>;
export type MaritimeEvent = z.output<typeof maritimeEvent>;
export type MaritimeEvents = z.output<typeof maritimeEvents>;
export type EventPage = z.output<typeof eventPage>;
export type TriageBody = z.input<typeof triageBody>;
export type TriageResult = z.output<typeof triageResult>;
/** A message of the maritime stream. */
export type MaritimeMessage = z.output<typeof vesselUpdate> | z.output<typeof eventUpdate>;
export type { MaritimeEventType } from '../../../src/domain/maritime-events.js';

import type { sessionPage, sharingPage } from '../../../src/api/sharing-schemas.js';

export type Sharing = z.output<typeof sharingPage>;
export type SharingCell = Sharing['cells'][number];
export type SharingAgreement = Sharing['agreements'][number];
export type SessionInfo = z.output<typeof sessionPage>;

import type {
  entryPage,
  indicatorsPage,
  scorecardPage,
  statusBody,
  statusResult,
} from '../../../src/api/commitment-schemas.js';

export type ScorecardPage = z.output<typeof scorecardPage>;
export type ScorecardEntry = ScorecardPage['entries'][number];
export type EntryPage = z.output<typeof entryPage>;
export type Indicators = z.output<typeof indicatorsPage>;
export type StatusBody = z.input<typeof statusBody>;
export type StatusResult = z.output<typeof statusResult>;
export type { EntryKind, SourcePaper, Status } from '../../../src/commitments/index.js';

import type { mapZones } from '../../../src/api/zones-schemas.js';

export type MapZones = z.output<typeof mapZones>;
export type MapZoneFeature = MapZones['features'][number];

import type { replayAction, replayMarks, replayState } from '../../../src/api/replay-schemas.js';

export type ReplayState = z.output<typeof replayState>;
export type ReplayAction = z.input<typeof replayAction>;
export type ReplayMarks = z.output<typeof replayMarks>;
export type ReplayMark = ReplayMarks['marks'][number];
