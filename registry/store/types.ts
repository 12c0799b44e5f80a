import type { LogReadStore } from '../log/index.js';
import type { Assessment, LogEntry, Release, ReleaseStatus } from '../records/index.js';

export type Role = 'admin' | 'reviewer' | 'assessor' | 'publisher' | 'reader';
export const ROLES: readonly Role[] = ['admin', 'reviewer', 'assessor', 'publisher', 'reader'];

export interface StoredRelease {
  name: string;
  version: string;
  status: ReleaseStatus;
  statusReason: string | null;
  document: Release;
  releaseDigest: string;
  publishedAt: string;
  publishedBy: string;
  publisherSubject: string;
  updatedAt: string;
  statusChangedAt: string | null;
  statusChangedBy: string | null;
  assessment: {
    digest: string;
    risk: string;
    verdict: string;
    date: string;
    assessor: string | null;
    count: number;
  } | null;
  /** The latest attestation the registry signed for this release (null on an unsigned registry). */
  attestation: { digest: string; logIndex: number } | null;
}

/** One signed attestation of a release's state, as the snapshot lists it. */
export interface AttestationRow {
  logIndex: number;
  name: string;
  version: string;
  status: ReleaseStatus;
  releaseDigest: string;
  /** sha256 of the attested statement. */
  digest: string;
  /** Artifact digests by package identifier. */
  digests: Record<string, string>;
  capabilityFingerprint: string | null;
  bundle: unknown;
  createdAt: string;
}

/** What sealing an event produces: its log entry and the attestation it carries the digest of. */
export interface SealedEvent {
  entry: LogEntry;
  attestation: Omit<AttestationRow, 'logIndex'>;
}

/**
 * Signs and describes an event once the log index it will occupy is known; the store calls it inside
 * the write and runs again (next index) when a concurrent append took that index first.
 */
export type EventSeal = (logIndex: number) => Promise<SealedEvent>;

/** What a server summary needs of each release, without parsing documents. */
export interface ReleaseState {
  name: string;
  version: string;
  status: ReleaseStatus;
}

export interface ServerRow {
  name: string;
  namespace: string;
  description: string;
  title: string | null;
  releaseCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface TokenRow {
  id: string;
  hash: string;
  role: Role;
  subject: string;
  label: string | null;
  namespaces: string[];
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface AuditInput {
  at: string;
  requestId: string;
  actor: string;
  role: Role | null;
  action: string;
  target: string | null;
  result: 'allowed' | 'denied' | 'failed';
  code: string | null;
  details: unknown;
}

export interface AuditEntry extends AuditInput {
  seq: number;
}

export interface StatusEvent {
  seq: number;
  name: string;
  version: string;
  fromStatus: ReleaseStatus | null;
  toStatus: ReleaseStatus;
  reason: string | null;
  actor: string;
  at: string;
}

export interface StoredAssessment {
  seq: number;
  name: string;
  version: string;
  digest: string;
  assessment: Assessment;
  submittedBy: string;
  submittedAt: string;
}

export interface NewRelease {
  document: Release;
  releaseDigest: string;
  publishedAt: string;
  publishedBy: string;
  publisherSubject: string;
}

export interface StatusChange {
  name: string;
  version: string;
  /** The release's updated_at as read: the change applies only if nothing else changed it since. */
  expectUpdatedAt: string;
  from: ReleaseStatus;
  to: ReleaseStatus;
  reason: string | null;
  actor: string;
  at: string;
}

export interface NewAssessment {
  name: string;
  version: string;
  /** As for status changes: the release's updated_at as read. */
  expectUpdatedAt: string;
  digest: string;
  assessment: Assessment;
  submittedBy: string;
  submittedAt: string;
}

export interface ServerQuery {
  search?: string | undefined;
  cursor?: string | undefined;
  updatedSince?: string | undefined;
  limit: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PackageRef {
  registryType: string;
  identifier: string;
}

/** Everything a store holds, as plain rows: what export writes and import reads (store parity). */
export interface StoreDump {
  format: 'mcpvet-store-dump/v1';
  servers: ServerRow[];
  releases: StoredRelease[];
  events: StatusEvent[];
  assessments: StoredAssessment[];
  tokens: TokenRow[];
  audit: AuditEntry[];
  meta: Record<string, string>;
  attestations?: AttestationRow[];
  /** The transparency log's leaves (canonical JSON) in index order; node hashes are recomputed on import. */
  log?: string[];
}

/**
 * The registry's storage, async so better-sqlite3 and Cloudflare D1 both fit. D1 has no interactive
 * transactions, so every multi-row write is one method that the implementation runs as a single batch,
 * and the audit entry of a write travels inside that batch: a write is never stored without its audit.
 */
export interface RegistryStore {
  /** The transparency log kept beside the records (same database, same batches). */
  readonly log: LogReadStore;
  /** Inserts the release (conflict if name+version exists); with `seal`, signed and logged in the same batch. */
  createRelease(release: NewRelease, audit: AuditInput, seal?: EventSeal): Promise<StoredRelease>;
  getRelease(name: string, version: string): Promise<StoredRelease | null>;
  listReleases(name: string): Promise<StoredRelease[]>;
  /** Version and status of every release of these servers (at most 100 names: D1's bound-parameter limit). */
  listReleaseStates(names: string[]): Promise<ReleaseState[]>;
  /** Releases whose packages[] name this package, any server. */
  findReleasesByPackage(ref: PackageRef): Promise<StoredRelease[]>;
  findReleasesByRemote(url: string): Promise<StoredRelease[]>;
  getServer(name: string): Promise<ServerRow | null>;
  listServers(query: ServerQuery): Promise<Page<ServerRow>>;
  /** Compare-and-set on status and updated_at: false when the release changed since it was read. */
  changeStatus(change: StatusChange, audit: AuditInput, seal?: EventSeal): Promise<boolean>;
  listStatusEvents(name: string, version: string): Promise<StatusEvent[]>;
  /** Conflict when the release changed since it was read, or the same assessment is already recorded. */
  addAssessment(input: NewAssessment, audit: AuditInput, seal?: EventSeal): Promise<StoredAssessment>;
  getLatestAttestation(name: string, version: string): Promise<AttestationRow | null>;
  listAttestations(name: string, version: string): Promise<AttestationRow[]>;
  /** The latest attestation of every release: what a snapshot lists. */
  listLatestAttestations(): Promise<AttestationRow[]>;
  listAssessments(name: string, version: string): Promise<StoredAssessment[]>;
  createToken(token: TokenRow, audit: AuditInput | null): Promise<void>;
  getToken(id: string): Promise<TokenRow | null>;
  listTokens(): Promise<TokenRow[]>;
  revokeToken(id: string, at: string, audit: AuditInput): Promise<TokenRow | null>;
  appendAudit(entry: AuditInput): Promise<void>;
  listAudit(query: { cursor?: number | undefined; limit: number }): Promise<Page<AuditEntry>>;
  getMeta(key: string): Promise<string | null>;
  /** Sets the key only if absent; true when this call set it (one-time bootstrap). */
  setMetaIfAbsent(key: string, value: string): Promise<boolean>;
  exportDump(): Promise<StoreDump>;
  importDump(dump: StoreDump): Promise<void>;
  close(): Promise<void>;
}
