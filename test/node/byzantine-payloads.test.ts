// The Byzantine partner at the node level (src/testing/payload-dst.ts): seeds 1 to 25 here, on the
// light honest load, each seed's invariants and what the range must show (test/support/payload-dst.ts).
// The sweep over more seeds is `concord bench dst --payloads --light` (1,000 by default, --seeds N),
// and on the full load without --light. (npm test ran seeds 1-200, ~2 min, until the suite's time
// had to come down, then 1-50 until it had to come down again: a failing seed replays exactly, so
// the bench finds what a wider range would.)
import { describe, it } from 'vitest';
import { checkPayloadSeeds } from '../support/payload-dst.js';

describe('a Byzantine partner node sends well-signed hostile payloads among honest traffic', () => {
  it('seeds 1-25: every attack is refused and audited once; nothing faults; the consultation, tracks and warnings are as without it', () => {
    checkPayloadSeeds(1, 25);
  }, 300_000);
});
