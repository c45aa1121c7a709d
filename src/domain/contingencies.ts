/**
 * The regional contingencies a consultation, a convening rule, a contingency plan or a scripted
 * incident can name: the ids of `data/consult/contingencies.yaml`. One list, shared by `consult`
 * (events, rules, plans) and `sim` (the scenario schema), which is why it lives in `domain`.
 */
export const CONTINGENCIES = [
  'korean-peninsula',
  'taiwan-strait',
  'south-china-sea',
  'east-china-sea',
] as const;
export type ContingencyId = (typeof CONTINGENCIES)[number];
