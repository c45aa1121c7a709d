// Crisis consultation: consultations as replicated event logs (state = a pure function of the set of
// events), joint statements and national readouts, rules that convene automatically, contingency plans
// and the meetings calendar. Pure: the caller hands in events, data file text, the registry and `now`.
export { CanonicalJsonError, canonicalBytes, canonicalJson } from '../domain/index.js';
export {
  type ContingencyPlan,
  type PlanRole,
  parseContingencies,
  planFor,
  ROLE_STATUSES,
  type RoleStatus,
} from './contingencies.js';
export {
  CHANGED_SIMILARITY,
  type ChangedSentence,
  divergence,
  type ReadoutDivergence,
  readoutDivergence,
  splitSentences,
  type TextDivergence,
} from './divergence.js';
export { levelRank, nextLevel } from './escalation.js';
export {
  compareEvents,
  EVENT_BODIES,
  eventSchema,
  eventTimeProblem,
  markingText,
  type ParsedEvent,
  parseEvent,
} from './events.js';
export {
  audience,
  CONSULTATION_TOPIC,
  type FoldOptions,
  foldConsultation,
  groupByConsultation,
} from './fold.js';
export {
  type CadenceReport,
  type CadenceYear,
  cadence,
  MEETING_STATUSES,
  type Mechanism,
  type Meeting,
  type MeetingStatus,
  type MeetingsCalendar,
  parseMeetings,
  type YearStatus,
} from './meetings.js';
export * from './model.js';
export { escapeHtml, escapeMarkdown, renderStatementHtml, renderStatementMarkdown } from './render.js';
export {
  type ConveneProposal,
  type ConveneRule,
  conveneEvent,
  IMPACT_ZONES,
  type ImpactZone,
  MARITIME_DETECTIONS,
  type MaritimeDetection,
  parseRules,
  rulesFor,
  type Trigger,
  triggerSchema,
} from './rules.js';
export { type ConsultationView, viewFor } from './view.js';
