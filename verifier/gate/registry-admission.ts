import {
  type Candidate,
  type CheckCode,
  type CheckResult,
  candidatePackage,
  checkServers,
  type RunAdapters,
} from '../checks/index.js';
import { isAtLeast } from '../drift/index.js';
import type { Identity, Resolution } from '../identity/index.js';
import { type AdmissionCode, type Admit, admitRelease, refuse, toExecServer } from './admission.js';

export interface RegistryAdmissionOptions {
  /** The project folder (relative paths, node_modules and lockfiles resolve against it). */
  cwd: string;
  home: string;
  /** What would run: pacote resolution in the CLI; injected in tests. */
  resolve: (identity: Identity) => Promise<Resolution>;
  /** Registry releases naming what runs (a ReleaseLookup's find). */
  find: (identity: Identity) => Promise<Candidate[]>;
  /** An unpinned entry (npx pkg, image:tag) is refused. Default true: the gate runs what was vetted only. */
  requirePinning?: boolean;
  /**
   * The registry's signed evidence for the matched release (attestation, snapshot, record, log): any
   * high result refuses the start as 'untrusted', so a vetted surface is never taken from an unverified
   * record.
   */
  verifyMatch?: (match: Candidate) => Promise<CheckResult[]>;
}

const ADMISSION_CODES: Partial<Record<CheckCode, AdmissionCode>> = {
  unlisted: 'unlisted',
  not_approved: 'unapproved',
  version_not_approved: 'unapproved',
  revoked: 'revoked',
  digest_mismatch: 'digest_differs',
  unpinned: 'unpinned',
};

/** The admission code a blocking check result refuses with. */
export function toAdmissionCode(code: CheckCode): AdmissionCode {
  return ADMISSION_CODES[code] ?? 'unverifiable';
}

/**
 * Admission through the registry: identify what the command runs (verifier/identity), resolve it,
 * find its releases and run the same checks as `mcpvet verify` (verifier/checks). Any result of high
 * severity or worse refuses the start; otherwise the matched approved release's declared capabilities
 * become the vetted surface, and the variables its package declares are passed to the server.
 */
export function admitFromRegistry(options: RegistryAdmissionOptions): Admit {
  return async (command) => {
    const server = toExecServer(command);
    if (server === undefined) return refuse('unverifiable', 'no command');
    const adapters: RunAdapters = { resolve: options.resolve, find: options.find };
    const [outcome] = await checkServers([server], { cwd: options.cwd, home: options.home }, adapters, {
      requirePinning: options.requirePinning ?? true,
      concurrency: 1,
    });
    if (!outcome) return refuse('unverifiable', 'the command could not be checked');
    const blocking = outcome.results.filter((r) => isAtLeast(r.severity, 'high'));
    const first = blocking[0];
    if (first) {
      return refuse(ADMISSION_CODES[first.code] ?? 'unverifiable', blocking.map((r) => r.message).join('; '));
    }
    const match = outcome.match;
    if (!match) return refuse('unlisted', 'no registry release matches what the command runs');
    const { record } = match;
    // deprecated is still a vetted release (a newer one exists); verify reports it, the gate runs it
    if (record.status !== 'approved' && record.status !== 'deprecated') {
      return refuse('unapproved', `${record.name} ${record.version} is ${record.status}, not approved`);
    }
    const untrusted = (options.verifyMatch ? await options.verifyMatch(match) : []).filter((r) =>
      isAtLeast(r.severity, 'high'),
    );
    if (untrusted.length > 0) {
      return refuse('untrusted', untrusted.map((r) => `${r.code}: ${r.message}`).join('; '));
    }
    return admitRelease(
      { name: record.name, version: record.version, capabilities: record.release.capabilities },
      candidatePackage(match),
      `${match.registry} ${record.name}@${record.version}`,
    );
  };
}
