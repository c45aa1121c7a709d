// The domain core: nations, classification, markings, agreements, coalitions and the releasability
// decision. Pure: no clock, disk or network.
export {
  type Agreement,
  type AgreementKind,
  type AgreementState,
  type AgreementStatus,
  type ConsentRecord,
  changeInstants,
  type EquivalenceRow,
  noticeEffectiveMs,
  type RoutingRule,
  requiredRelay,
  type Scope,
  type ScopeAmendment,
  type Source,
  type StatusEvent,
  type StatusEventType,
  scopeAt,
  statusAt,
} from './agreements.js';
export {
  CanonicalJsonError,
  canonicalBytes,
  canonicalJson,
  type JsonValue,
  MAX_JSON_DEPTH,
  sortKeys,
} from './canonical-json.js';
export { findLevel, type Level, levelById, parseLevel, type Scheme, schemeOf } from './classification.js';
export { type Coalition, type CoalitionFunction, type Membership, membersAt } from './coalitions.js';
export { CONTINGENCIES, type ContingencyId } from './contingencies.js';
export { type CachedDecider, cachedDecider } from './decision-cache.js';
export {
  DataFileError,
  DateError,
  describePlace,
  InputError,
  type InputPlace,
  MarkingParseError,
  UnknownNationError,
  UnknownTopicError,
} from './errors.js';
export {
  IDENTITY_KINDS,
  type IdentityKind,
  MARITIME_EVENT_TYPES,
  type MaritimeEventType,
} from './maritime-events.js';
export {
  englishLevel,
  formatMarking,
  isClassified,
  type Marking,
  type ParseMarkingOptions,
  parseMarking,
} from './marking.js';
export {
  compareRelTo,
  isNation,
  NATION_CODES,
  NATIONS,
  type Nation,
  parseNation,
  TRILATERAL,
} from './nations.js';
export { type FutureTimeCode, futureTimeProblem, type PayloadTimes } from './payload-times.js';
export { type CompiledRegistry, compileRegistry, type Registry } from './registry.js';
export { parseAgreementValue, parseRegistry } from './registry-file.js';
export {
  type Decision,
  type DecisionRequest,
  decide,
  type Hop,
  mapLevel,
  type Rule,
} from './releasability.js';
export { type SharingCell, sharingMatrix } from './sharing-matrix.js';
export { addYearsUtc, DAY_MS, formatInstant, parseInstant } from './time.js';
export { isTopic, parseTopic, TOPIC_NAMES, TOPICS, type Topic } from './topics.js';
export { formatPath, parseYaml, placeIn } from './yaml.js';
