export {
  type NormalizeChange,
  type NormalizeResult,
  normalizeOfficialRecord,
  type OfficialRecord,
  readOfficialRecords,
} from './normalize.js';
export {
  conflictIssue,
  createStoreSink,
  emptyReport,
  type ImportReport,
  type ImportSink,
  importRecords,
  type RejectedRecord,
  type SinkOutcome,
} from './run.js';
export {
  type FetchPagesOptions,
  fetchOfficialRecords,
  filterUpdatedSince,
  recordUpdatedAt,
} from './source.js';
