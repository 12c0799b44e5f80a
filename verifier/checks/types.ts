import type { ReleaseRecord, Severity } from '../../registry/records/index.js';
import type { DiscoveryProblemCode } from '../discovery/index.js';
import type { DriftCode } from '../drift/index.js';

/** Stable codes: SARIF rule ids, JUnit failure types, and what policy exceptions name. */
export type CheckCode =
  | DiscoveryProblemCode
  | 'unlisted'
  | 'not_approved'
  | 'revoked'
  | 'deprecated'
  | 'version_not_approved'
  | 'digest_mismatch'
  | 'digest_unverified'
  | 'unpinned'
  | 'unverifiable'
  | 'unresolved'
  | 'registry_offline'
  | 'exception_expired'
  | TrustCheckCode
  | 'trust_unverified'
  | 'provenance_unverified'
  | 'lock_missing'
  | 'live_capture_failed'
  | 'live_undeclared'
  | DriftCode;

// The codes meaning the registry's signed word could not be established or contradicts what was served,
// listed once: the type and the runtime set both come from this list.
const TRUST_CHECK_CODE_LIST = [
  'root_invalid',
  'root_signature_invalid',
  'root_rotation_invalid',
  'root_expired',
  'signing_key_revoked',
  'signing_key_expired',
  'signature_invalid',
  'snapshot_invalid',
  'snapshot_rollback',
  'snapshot_expired',
  'snapshot_mismatch',
  'attestation_invalid',
  'attestation_subject_mismatch',
  'attestation_missing',
  'record_status_mismatch',
  'record_digest_mismatch',
  'record_assessment_mismatch',
  'log_fork',
  'log_inconsistent',
  'log_entry_missing',
  'log_entry_mismatch',
  'log_entry_not_included',
  'provenance_invalid',
  'lock_mismatch',
  'trust_failure',
] as const;

/**
 * Codes meaning the registry's signed word could not be established or contradicts what was served:
 * each fails the run with exit 3 (trust could not be established), and no policy exception covers it.
 */
export type TrustCheckCode = (typeof TRUST_CHECK_CODE_LIST)[number];

export const TRUST_CHECK_CODES: ReadonlySet<string> = new Set<string>(TRUST_CHECK_CODE_LIST);

export interface CheckResult {
  code: CheckCode;
  severity: Severity;
  message: string;
  evidence: Record<string, unknown>;
}

/** A registry release whose packages[] (or remotes[]) name what a config entry runs. */
export interface Candidate {
  record: ReleaseRecord;
  /** Which registry answered (its base URL). */
  registry: string;
  /** Index into record.release.packages or record.release.remotes. */
  packageIndex?: number;
  remoteIndex?: number;
}

const DRIFT_DESCRIPTIONS: Record<DriftCode, string> = {
  tool_added: 'The live server offers a tool its release did not declare.',
  tool_removed: 'A declared tool is missing from the live server.',
  tool_duplicated: 'The live server defines a declared tool name twice.',
  tool_description_changed: "A tool's description differs from the vetted one (the rug pull).",
  tool_title_changed: "A tool's title differs from the vetted one.",
  tool_input_schema_changed: "A tool's input schema differs from the vetted one.",
  tool_output_schema_changed: "A tool's output schema differs from the vetted one.",
  tool_annotations_changed: "A tool's behaviour hints differ from the vetted ones.",
  tool_changed: 'A tool differs from the vetted definition.',
  prompt_added: 'The live server offers a prompt its release did not declare.',
  prompt_removed: 'A declared prompt is missing from the live server.',
  prompt_duplicated: 'The live server defines a declared prompt name twice.',
  prompt_changed: 'A prompt differs from the vetted definition.',
  resource_added: 'The live server offers a resource its release did not declare.',
  resource_removed: 'A declared resource is missing from the live server.',
  resource_duplicated: 'The live server defines a declared resource twice.',
  resource_changed: 'A resource differs from the vetted definition.',
  resource_template_added: 'The live server offers a resource template its release did not declare.',
  resource_template_removed: 'A declared resource template is missing from the live server.',
  resource_template_duplicated: 'The live server defines a declared resource template twice.',
  resource_template_changed: 'A resource template differs from the vetted definition.',
  instructions_added: 'The live server sends instructions its release did not declare.',
  instructions_changed: "The live server's instructions differ from the vetted ones.",
  instructions_removed: 'The live server no longer sends the declared instructions.',
  server_capability_added: 'The live server advertises a capability its release did not declare.',
  server_capability_removed: 'The live server no longer advertises a declared capability.',
  server_capability_changed: 'A server capability differs from the declared one.',
};

/** One-line descriptions of each code, for SARIF rules and docs. */
export const CHECK_DESCRIPTIONS: Record<CheckCode, string> = {
  config_malformed:
    'An MCP client config file cannot be parsed, so the servers it configures cannot be checked.',
  config_unreadable: 'An MCP client config file exists but cannot be read.',
  entry_invalid: 'A server entry has neither a command nor a url the client could use.',
  unlisted: 'The server is not in the registry: nothing vouches for it.',
  not_approved: 'The registry lists this release but it is not approved (submitted or rejected).',
  revoked: 'The registry revoked this release.',
  deprecated: 'The registry deprecated this release; a newer approved one exists.',
  version_not_approved: 'The version that runs is not a release the registry approved.',
  digest_mismatch: "The artifact that would run differs from the digest in the registry's record.",
  digest_unverified: "The artifact's digest could not be compared with the registry's record.",
  unpinned:
    'The entry does not pin an exact version or digest, so what runs can change without a config change.',
  unverifiable: 'The entry runs a local program or something mcpvet cannot map to a registry package.',
  unresolved:
    'What the entry would run could not be resolved (package registry unreachable or no such version).',
  registry_offline: 'The registry was unreachable; cached registry data was used.',
  exception_expired: 'A policy exception has expired and no longer applies.',
  root_invalid: "The registry's trust root is malformed or for another registry.",
  root_signature_invalid: 'A trust root is not signed by the threshold of its own root keys.',
  root_rotation_invalid:
    'A newer trust root is not signed by the threshold of the previous root (or skips a version).',
  root_expired: 'The newest trusted root has expired.',
  signing_key_revoked:
    'A signature is by a key the trusted root does not list for that role (revoked or never issued).',
  signing_key_expired: 'A signature is by a key outside its validity window in the trusted root.',
  signature_invalid: 'A signature by a trusted key does not verify.',
  snapshot_invalid:
    "The registry's signed snapshot is malformed, for another registry, or dated in the future.",
  snapshot_rollback: 'The signed snapshot is older than one already seen: the registry view was rolled back.',
  snapshot_expired: 'The signed snapshot has expired: the registry view may be frozen.',
  snapshot_mismatch: "The release's attestation is not the one the signed snapshot lists (mix-and-match).",
  attestation_invalid: 'The release attestation does not verify under the trusted root.',
  attestation_subject_mismatch:
    'The attestation served for this release is validly signed but for another release (swapped).',
  attestation_missing:
    'The registry served no attestation for the release, so its record cannot be verified.',
  record_status_mismatch: "The registry's record gives a status its own signed attestation does not.",
  record_digest_mismatch:
    "The registry's record (release document, artifact digest or capability fingerprint) differs from what it attested.",
  record_assessment_mismatch:
    "The registry's record gives an assessment its own signed attestation does not.",
  log_fork: "The registry's transparency log shows a different history than the one seen before (fork).",
  log_inconsistent: "The registry's transparency log is not an extension of the one seen before.",
  log_entry_missing: 'The attestation names no transparency-log entry.',
  log_entry_mismatch:
    "The transparency-log entry at the attestation's index is not that attestation's event.",
  log_entry_not_included: "The attestation's log entry is not proven to be in the signed log.",
  provenance_invalid:
    "The package's npm provenance or publish attestation does not verify or names another source.",
  lock_mismatch:
    'A mcpvet.lock entry disagrees with the signed attestation or snapshot it carries (hand-edited or stale).',
  trust_failure: 'Trust in the registry could not be established.',
  trust_unverified:
    'No registry root is pinned (or the registry serves no signatures), so its records are not verified.',
  provenance_unverified:
    'The registry records npm provenance for the package but no attestation could be checked.',
  lock_missing: 'The server is not in mcpvet.lock, so offline verification cannot vouch for it.',
  live_capture_failed:
    'The server could not be captured live (it failed to start, timed out, or broke the protocol).',
  live_undeclared: 'The server runs live but its release declares no capabilities to compare with.',
  ...DRIFT_DESCRIPTIONS,
};
