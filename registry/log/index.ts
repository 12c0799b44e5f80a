export { equalBytes, fromBase64, fromHex, toBase64, toHexString } from '../records/bytes.js';
export type { LogEntry, LogEventType, LogReleaseStatus } from '../records/types.generated.js';
export {
  type Checkpoint,
  formatCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  type VerifyCheckpointResult,
  verifyCheckpoint,
} from './checkpoint.js';
export { decodeLogEntry, encodeLogEntry, hashLogEntry, validateLogEntry } from './entry.js';
export { EMPTY_ROOT_HASH, HASH_SIZE, hashChildren, hashLeaf, isHash } from './hash.js';
export { MemoryLog } from './memory.js';
export {
  createEd25519Signer,
  createEd25519SignerFromKeys,
  createEd25519Verifier,
  createEd25519VerifierFromSpki,
  formatVerifierKey,
  generateNoteKeys,
  isNoteKeyName,
  type NoteSignature,
  type NoteSigner,
  type NoteVerifier,
  type OpenNoteResult,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  toEd25519KeyId,
} from './note.js';
export {
  decomposeRange,
  type HashTerm,
  type NodeId,
  planConsistency,
  planInclusion,
  planRoot,
  splitPoint,
} from './plan.js';
export { compareRebuild, type RebuildComparison, type RebuiltTree, rebuildTree } from './rebuild.js';
export { type LogReadStore, type LogRouteDeps, type LogRouteOptions, logRoutes } from './routes.js';
export {
  appendEventAtomically,
  type LoggedEvent,
  MAX_ENTRIES_PER_READ,
  type PreparedAppend,
  SqlLog,
} from './sql.js';
export {
  type AppendResult,
  appendLeaves,
  computeRoot,
  hashLeaves,
  type LogHashReader,
  type NodeRow,
  proveConsistency,
  proveInclusion,
  readTerms,
} from './tree.js';
export { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './verify.js';
