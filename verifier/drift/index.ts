export { diffCapabilities, toDriftSeverity } from './diff.js';
export { readCapabilitiesFile, toCapabilitiesDocument } from './document.js';
export { renderDriftTable } from './render.js';
export { diffSchemas, escapePointer, isWidening } from './schema-diff.js';
export { isAtLeast, isSeverity, maxSeverity, SEVERITIES, severityRank } from './severity.js';
export { renderTextChange, toTextChange } from './text.js';
export type {
  AnnotationChange,
  DriftCode,
  DriftEvidence,
  DriftItem,
  SchemaChange,
  SchemaChangeKind,
  SchemaEffect,
  TextChange,
} from './types.js';
