// The Byzantine partner at the node level (src/testing/payload-dst.ts): seeds 1 to 100 here, 101
// to 200 in byzantine-payloads-2.test.ts (a second worker may run them), on the light honest load; a thousand on the
// full load in `concord bench dst --payloads`.
import { describe, it } from 'vitest';
import { checkPayloadSeeds } from '../support/payload-dst.js';

describe('a Byzantine partner node sends well-signed hostile payloads among honest traffic', () => {
  it('seeds 1-100: every attack is refused and audited once; nothing faults; the consultation, tracks and warnings are as without it', () => {
    checkPayloadSeeds(1, 100);
  }, 300_000);
});
