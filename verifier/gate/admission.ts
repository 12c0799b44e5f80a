import type { Capabilities, Package } from '../../registry/records/index.js';
import type { DiscoveredServer } from '../discovery/index.js';
import type { VerifierErrorCode } from '../errors/index.js';

/** Why a server may not start. Each maps to an exit code through its VerifierError code. */
export type AdmissionCode =
  | 'unlisted'
  | 'unapproved'
  | 'revoked'
  | 'digest_differs'
  | 'unpinned'
  | 'unverifiable'
  | 'untrusted'
  | 'invalid_vetted';

export type Admission =
  | {
      allowed: true;
      /** The surface the server was vetted with: what the relay lets through. */
      vetted: Capabilities;
      /** Where the vetted surface came from (file, registry release …), for the log. */
      source: string;
      /** Names of environment variables the server's entry declares (passed on; nothing else but essentials). */
      env?: string[];
    }
  | { allowed: false; code: AdmissionCode; reason: string };

/**
 * The pluggable step before a server is started: resolve the command to what was vetted, or refuse.
 * `--capabilities FILE` admits any command against a fixed surface; registry and lock-file admission
 * resolve the command to a package identity first.
 */
export type Admit = (command: readonly string[]) => Promise<Admission>;

/** Admission against a fixed, already validated surface (exec --capabilities FILE). */
export function admitWithCapabilities(vetted: Capabilities, source: string): Admit {
  const env = (vetted.permissions?.env ?? []).map((e) => e.name);
  return async () => ({ allowed: true, vetted, source, env });
}

/** The VerifierError code an admission refusal maps to (exit 1 for policy, 3 for trust). */
export function toRefusalErrorCode(code: AdmissionCode): VerifierErrorCode {
  if (code === 'unverifiable' || code === 'untrusted') return 'trust_failure';
  if (code === 'invalid_vetted') return 'config_invalid';
  return 'policy_violation';
}

export function refuse(code: AdmissionCode, reason: string): Admission {
  return { allowed: false, code, reason };
}

/**
 * Admit a verified release: its declared capabilities are the vetted surface (none declared: nothing to
 * enforce, refused), and the server gets the environment variables its package entry and its declared
 * permissions name.
 */
export function admitRelease(
  release: { name: string; version: string; capabilities?: Capabilities | undefined },
  pkg: Package | undefined,
  source: string,
): Admission {
  const vetted = release.capabilities;
  if (!vetted) {
    return refuse(
      'unverifiable',
      `${release.name} ${release.version} declares no capabilities, so there is no vetted surface to enforce`,
    );
  }
  const declared = new Set<string>();
  for (const v of pkg?.environmentVariables ?? []) declared.add(v.name);
  for (const v of vetted.permissions?.env ?? []) declared.add(v.name);
  return { allowed: true, vetted, source, env: [...declared] };
}

/** The command `mcpvet exec` was given, as the discovered server the verifier's checks take. */
export function toExecServer(command: readonly string[]): DiscoveredServer | undefined {
  const [exe, ...args] = command;
  if (exe === undefined) return undefined;
  return {
    id: 'exec',
    name: 'exec',
    client: 'unknown',
    scope: 'explicit',
    location: { file: '(mcpvet exec)', line: 1, column: 1 },
    entry: { transport: 'stdio', command: exe, args, env: {} },
    disabled: false,
  };
}
