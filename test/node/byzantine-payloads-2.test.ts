// Seeds 101 to 200 of the Byzantine partner at the node level (see byzantine-payloads.test.ts).
import { describe, it } from 'vitest';
import { checkPayloadSeeds } from '../support/payload-dst.js';

describe('a Byzantine partner node sends well-signed hostile payloads among honest traffic', () => {
  it('seeds 101-200: every attack is refused and audited once; nothing faults; the consultation, tracks and warnings are as without it', () => {
    checkPayloadSeeds(101, 200);
  }, 300_000);
});
