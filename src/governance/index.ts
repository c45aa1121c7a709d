// Governance at run time: acts on agreements and coalitions (notices, suspensions, narrowing;
// proposals and signatures for what needs every party's consent), replicated as signed events and
// folded into the registry the releasability rules read. Pure: the caller hands in the base
// registry and the acts.
export { ACT_BODIES, compareActs, type ParsedAct, parseAct } from './acts.js';
export { foldGovernance } from './fold.js';
export * from './model.js';
