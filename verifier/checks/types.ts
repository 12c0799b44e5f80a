import type { ReleaseRecord, Severity } from '../../registry/records/index.js';
import type { DiscoveryProblemCode } from '../discovery/index.js';

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
  | 'exception_expired';

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
};
