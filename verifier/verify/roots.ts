import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SignedRoot } from '../../registry/signing/index.js';
import { VerifierError } from '../errors/index.js';
import type { EffectivePolicy } from '../policy/index.js';
import {
  readTrustState,
  type TrustFailure,
  type TrustState,
  toTrustDir,
  verifyPinnedRoot,
} from '../trust/index.js';

/** The root a registry's trust starts from, and where it was pinned. */
export interface PinnedRoot {
  root: SignedRoot;
  /** policy: mcpvet.policy.json trust.root; state: `mcpvet trust init` (~/.mcpvet/trust/<host>/). */
  source: 'policy' | 'state';
  /** The file it was read from (a policy path, or the trust state folder's root.json). */
  from: string;
}

export interface TrustLocation {
  /** ~/.mcpvet/trust/<host>/: the pinned root and the last snapshot version seen. */
  dir: string;
  state: TrustState | undefined;
}

function originOf(url: string): string {
  return new URL(url).origin;
}

async function readRoot(path: string): Promise<SignedRoot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file_not_found' : 'io_error';
    throw new VerifierError(code, `cannot read the pinned root ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as SignedRoot;
  } catch (error) {
    throw new VerifierError('config_invalid', `the pinned root ${path} is not JSON`, { cause: error });
  }
}

/** Every root the policy pins (trust.root), read; paths are relative to the policy file. */
export async function readPolicyRoots(
  policy: Pick<EffectivePolicy, 'trustRoots' | 'source'>,
  cwd: string,
): Promise<Array<{ root: SignedRoot; from: string }>> {
  const base = policy.source === null ? cwd : dirname(policy.source);
  const out: Array<{ root: SignedRoot; from: string }> = [];
  for (const ref of policy.trustRoots) {
    if (typeof ref === 'string') {
      const path = resolve(base, ref);
      out.push({ root: await readRoot(path), from: path });
    } else {
      out.push({ root: ref as unknown as SignedRoot, from: `${policy.source ?? 'policy'} (inline)` });
    }
  }
  return out;
}

export function toTrustLocation(registry: string, env: NodeJS.ProcessEnv, home: string): string {
  return toTrustDir(originOf(registry), { home: env.MCPVET_HOME ?? home });
}

/**
 * The root to start from for a registry: a policy root naming it wins (the team's pin), else the root
 * `mcpvet trust init` pinned. It must be well formed, for this registry, and signed by its own threshold;
 * an expired anchor is fine when a signed rotation leads to a current root (checked by the caller).
 * undefined: nothing pinned, so the registry's word cannot be verified.
 */
export async function selectPinnedRoot(
  registry: string,
  policyRoots: ReadonlyArray<{ root: SignedRoot; from: string }>,
  location: TrustLocation,
  now: Date,
): Promise<PinnedRoot | TrustFailure | undefined> {
  const origin = originOf(registry);
  const fromPolicy = policyRoots.filter((p) => p.root?.signed?.registry === origin);
  const pick: PinnedRoot | undefined =
    fromPolicy.length > 0
      ? {
          root: fromPolicy.reduce((a, b) => (b.root.signed.version < a.root.signed.version ? b : a)).root,
          source: 'policy',
          from: fromPolicy[0]?.from ?? '',
        }
      : location.state !== undefined
        ? { root: location.state.root, source: 'state', from: `${location.dir}/root.json` }
        : undefined;
  if (pick === undefined) return undefined;
  const check = await verifyPinnedRoot(pick.root, { registry: origin, now });
  if (!check.ok && check.code !== 'root_expired')
    return { ...check, evidence: { ...check.evidence, from: pick.from } };
  return pick;
}

export async function readTrustLocation(dir: string): Promise<TrustLocation> {
  return { dir, state: await readTrustState(dir) };
}
