import { describe, expect, it } from 'vitest';
import { MARITIME_EVENT_TYPES } from '../../src/domain/index.js';
import { EVENT_TYPES as DETECTED } from '../../src/maritime/index.js';
import { EVENT_TYPES as TRUE } from '../../src/sim/traffic/index.js';

describe('maritime event types', () => {
  it('are one list, in domain, for the detectors and the synthetic truth alike', () => {
    expect(DETECTED).toBe(MARITIME_EVENT_TYPES);
    expect(TRUE).toBe(MARITIME_EVENT_TYPES);
    expect(new Set(MARITIME_EVENT_TYPES).size).toBe(MARITIME_EVENT_TYPES.length);
  });
});
