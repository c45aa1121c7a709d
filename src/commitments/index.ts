// The commitments registry: agreements, commitments, the papers' recommendations and unilateral
// measures, with dated status histories, conditions, linkages, indicators and payment formulas.
// Pure: the CLI reads the files and hands in their text and the day.
export { type ChainLink, type ChainStep, chain } from './chain.js';
export { compareDates, isAt, isCalendarDate, isDay, isInstant, onOrBefore } from './dates.js';
export {
  checkStatusEdit,
  type EditProblem,
  readStatusEdits,
  type StatusEdit,
  withStatusEdits,
} from './edits.js';
export { parseCommitments, type TextFile } from './load.js';
export {
  type CalendarDate,
  type Chain,
  CONDITION_STATUSES,
  type CommitmentsRegistry,
  type Condition,
  type ConditionStatus,
  ENTRY_KINDS,
  type Entry,
  type EntryKind,
  type Evidence,
  type IndexSeries,
  LINK_TYPES,
  type Link,
  type LinkType,
  type PaymentRule,
  type PaymentSchedule,
  type PaymentYear,
  type PeriodTotals,
  type Quote,
  type Series,
  SOURCE_PAPER_IDS,
  SOURCE_PAPERS,
  type SourcePaper,
  STATUSES,
  type Status,
  type StatusRecord,
  type YearValue,
} from './model.js';
export { QUOTE_MIN_CHARS, quoteText, quoteTextProblem } from './quote-text.js';
export { checkQuote, checkQuotes, paperFileNames, type QuoteCheck } from './quotes.js';
export {
  renderChain,
  renderPaperJson,
  renderPaperMarkdown,
  renderPaperText,
  renderScorecardJson,
  renderScorecardMarkdown,
  renderScorecardTable,
  type TableLayout,
} from './render.js';
export {
  dayOf,
  foldRegistryEvents,
  ownerProblem,
  type ProposalState,
  type ProposeStatus,
  proposalJson,
  proposalProblem,
  REGISTRY_TOPIC,
  type RegistryEvent,
  type RegistryFold,
  type RegistryRefusal,
  type RegistryRefusalCode,
  registryEventSchema,
  renderRegistryHistory,
  type StoredRegistryRow,
  storedRegistryEvent,
  storedRegistryEvents,
} from './replication.js';
export { type IndexRates, type ProjectedPayment, projectSchedule, ratesOf, roundTo } from './schedule.js';
export { statusEditSchema } from './schema.js';
export {
  type PaperRow,
  paperScorecard,
  type QuotedRow,
  type ScorecardFilter,
  type ScorecardRow,
  scorecard,
  withQuotes,
} from './scorecard.js';
export {
  type ConditionReading,
  conditionAt,
  deriveStatus,
  evidenceAt,
  type StatusReading,
  statusAt,
} from './status.js';
