/**
 * Maritime domain awareness: the AIS codec, the vessel picture and the detectors.
 */

// --- vessel picture, reference geometry, detectors, input files (mdet) ---
export * from './detect/index.js';
export * from './files/index.js';
export * from './picture/index.js';
export * from './reference/index.js';
// --- end mdet ---
