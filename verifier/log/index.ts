export { auditLogEntries, type LogAuditResult } from './audit.js';
export { createLogClient, type LogClient, type LogClientOptions } from './client.js';
export {
  decideLogUpdate,
  type LogUpdateCode,
  type LogUpdateDecision,
  type LogUpdateInput,
  requiredConsistencyProof,
} from './decide.js';
export { type EntryInclusionResult, verifyEntryInclusion } from './inclusion.js';
export { type LogEvent, type MonitorStep, monitorLogStep } from './monitor.js';
export {
  emptyLogViewState,
  type LogViewState,
  parseLogViewState,
  type SavedCheckpoint,
  toSavedCheckpoint,
} from './state.js';
export { fileLogStateStore, type LogStateStore, memoryLogStateStore } from './state-file.js';
export { type LogSyncOptions, syncLogView } from './sync.js';
