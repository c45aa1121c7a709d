import type { z } from 'zod';
import type { trackDetail } from '../../../src/api/track-schemas.js';

// The track detail route's payload as the node serialises it (type-only: no zod in the bundle).
export type TrackDetail = z.output<typeof trackDetail>;
export type TrackDetailSource = TrackDetail['sources'][number];
