import {
  countRootSignatures,
  describeRootProblems,
  type RootDocument,
  type SignedRoot,
} from '../../registry/signing/index.js';
import { type TrustFailure, trustFailure } from './result.js';

export type RootCheck =
  | { ok: true; code: 'verified'; root: SignedRoot }
  | (TrustFailure & { root?: SignedRoot });

function shapeProblem(root: unknown): TrustFailure | undefined {
  const signed = (root as { signed?: unknown })?.signed;
  const problems = describeRootProblems(signed);
  if (!Array.isArray((root as { signatures?: unknown })?.signatures)) problems.push('signatures is missing');
  return problems.length > 0
    ? trustFailure('root_invalid', `root is malformed: ${problems.join('; ')}`, { problems })
    : undefined;
}

function expired(root: RootDocument, now: Date): boolean {
  return Date.parse(root.expires) <= now.getTime();
}

/**
 * Check a root before pinning it (trust on first use, from a file the user got out of band): sound,
 * for the expected registry, signed by its own threshold, not expired.
 */
export async function verifyPinnedRoot(
  root: SignedRoot,
  options: { registry?: string; now?: Date } = {},
): Promise<RootCheck> {
  const shape = shapeProblem(root);
  if (shape !== undefined) return shape;
  if (options.registry !== undefined && new URL(options.registry).origin !== root.signed.registry) {
    return trustFailure(
      'root_invalid',
      `the root is for ${root.signed.registry}, not ${new URL(options.registry).origin}`,
    );
  }
  const self = await countRootSignatures(root, root.signed);
  if (!self.met) {
    return trustFailure(
      'root_signature_invalid',
      `root v${root.signed.version} is signed by ${self.signedBy.length} of the ${self.threshold} root keys it requires`,
      {
        signedBy: self.signedBy,
        threshold: self.threshold,
      },
    );
  }
  if (expired(root.signed, options.now ?? new Date())) {
    return trustFailure('root_expired', `root v${root.signed.version} expired at ${root.signed.expires}`);
  }
  return { ok: true, code: 'verified', root };
}

/**
 * Follow root rotations from a pinned (already trusted) root, TUF style: each next root must be exactly
 * the next version, for the same registry, signed by the threshold of the previous root's keys AND by
 * its own threshold. Roots at or below the trusted version are ignored. On failure `root` is the last
 * root that was trusted; the newest root must not be expired.
 */
export async function verifyRootChain(
  pinned: SignedRoot,
  newer: readonly SignedRoot[],
  options: { now?: Date } = {},
): Promise<RootCheck> {
  let trusted = pinned;
  const candidates = [...newer]
    .filter((r) => typeof r?.signed?.version === 'number' && r.signed.version > pinned.signed.version)
    .sort((a, b) => a.signed.version - b.signed.version);
  for (const next of candidates) {
    const shape = shapeProblem(next);
    if (shape !== undefined) return { ...shape, root: trusted };
    const prev = trusted.signed;
    if (next.signed.registry !== prev.registry) {
      return {
        ...trustFailure('root_invalid', `root v${next.signed.version} is for another registry`),
        root: trusted,
      };
    }
    if (next.signed.version !== prev.version + 1) {
      return {
        ...trustFailure(
          'root_rotation_invalid',
          `root v${prev.version} can only be followed by v${prev.version + 1}, got v${next.signed.version}`,
        ),
        root: trusted,
      };
    }
    const byOld = await countRootSignatures(next, prev);
    if (!byOld.met) {
      return {
        ...trustFailure(
          'root_rotation_invalid',
          `root v${next.signed.version} is signed by ${byOld.signedBy.length} of the ${byOld.threshold} keys of root v${prev.version}`,
          { signedBy: byOld.signedBy, threshold: byOld.threshold },
        ),
        root: trusted,
      };
    }
    const byNew = await countRootSignatures(next, next.signed);
    if (!byNew.met) {
      return {
        ...trustFailure(
          'root_signature_invalid',
          `root v${next.signed.version} is signed by ${byNew.signedBy.length} of its own ${byNew.threshold} required root keys`,
          { signedBy: byNew.signedBy, threshold: byNew.threshold },
        ),
        root: trusted,
      };
    }
    trusted = next;
  }
  if (expired(trusted.signed, options.now ?? new Date())) {
    return {
      ...trustFailure('root_expired', `root v${trusted.signed.version} expired at ${trusted.signed.expires}`),
      root: trusted,
    };
  }
  return { ok: true, code: 'verified', root: trusted };
}
