import { TrustedRoot } from '@sigstore/protobuf-specs';
import seeds from '@sigstore/tuf/seeds.json' with { type: 'json' };
import { type KeyFinderFunc, type TrustMaterial, toTrustMaterial } from '@sigstore/verify';
import { BundleCheckFailure } from './failure.js';

const TRUSTED_ROOT_MEDIA_TYPES = new Set([
  'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  'application/vnd.dev.sigstore.trustedroot.v0.1+json',
  'application/vnd.dev.sigstore.trustedroot.v0.2+json',
]);

// The public-good TUF repository's trusted_root.json as shipped inside @sigstore/tuf: its seeds.json is
// the TUF client's cache, so the root works offline and is as fresh as the installed package.
const PUBLIC_GOOD_MIRROR = 'https://tuf-repo-cdn.sigstore.dev';

type Seeds = Record<string, { targets?: Record<string, string> }>;

let publicGood: TrustedRoot | undefined;

/** The Sigstore public-good trusted root (Fulcio CAs, Rekor logs, CT logs, TSAs) embedded in @sigstore/tuf. */
export function loadPublicGoodTrustedRoot(): TrustedRoot {
  publicGood ??= readPublicGoodTrustedRoot();
  return publicGood;
}

function readPublicGoodTrustedRoot(): TrustedRoot {
  const target = (seeds as Seeds)[PUBLIC_GOOD_MIRROR]?.targets?.['trusted_root.json'];
  if (target === undefined) {
    throw new BundleCheckFailure('trusted_root_invalid', '@sigstore/tuf ships no public-good trusted root');
  }
  return parseTrustedRoot(JSON.parse(Buffer.from(target, 'base64').toString('utf8')));
}

/** npm's registry keys as the Sigstore TUF repository distributes them (target registry.npmjs.org/keys.json). */
export function loadTufNpmKeys(): unknown {
  const target = (seeds as Seeds)[PUBLIC_GOOD_MIRROR]?.targets?.['registry.npmjs.org%2Fkeys.json'];
  return target === undefined ? undefined : JSON.parse(Buffer.from(target, 'base64').toString('utf8'));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasValidStart(range: unknown): boolean {
  return isObject(range) && typeof range.start === 'string' && !Number.isNaN(Date.parse(range.start));
}

/**
 * Parse a trusted_root.json. Stricter than TrustedRoot.fromJSON, which turns a missing validity start into
 * "valid since the beginning of time": every authority must say since when it is trusted.
 */
export function parseTrustedRoot(json: unknown): TrustedRoot {
  if (!isObject(json))
    throw new BundleCheckFailure('trusted_root_invalid', 'trusted root is not a JSON object');
  if (typeof json.mediaType !== 'string' || !TRUSTED_ROOT_MEDIA_TYPES.has(json.mediaType)) {
    throw new BundleCheckFailure(
      'trusted_root_invalid',
      `unsupported trusted root media type ${String(json.mediaType)}`,
    );
  }
  const problems: string[] = [];
  for (const field of ['tlogs', 'ctlogs'] as const) {
    const logs = json[field] ?? [];
    if (!Array.isArray(logs)) problems.push(`${field} is not an array`);
    else
      logs.forEach((log, i) => {
        const key = isObject(log) ? log.publicKey : undefined;
        if (!isObject(key) || typeof key.rawBytes !== 'string')
          problems.push(`${field}[${i}] has no public key`);
        else if (!hasValidStart(key.validFor))
          problems.push(`${field}[${i}].publicKey.validFor.start is missing`);
      });
  }
  for (const field of ['certificateAuthorities', 'timestampAuthorities'] as const) {
    const cas = json[field] ?? [];
    if (!Array.isArray(cas)) problems.push(`${field} is not an array`);
    else
      cas.forEach((ca, i) => {
        if (!isObject(ca) || !hasValidStart(ca.validFor))
          problems.push(`${field}[${i}].validFor.start is missing`);
      });
  }
  if (problems.length > 0) {
    throw new BundleCheckFailure(
      'trusted_root_invalid',
      `trusted root is malformed: ${problems.join('; ')}`,
      {
        problems,
      },
    );
  }
  try {
    return TrustedRoot.fromJSON(json);
  } catch (error) {
    throw new BundleCheckFailure(
      'trusted_root_invalid',
      `trusted root is malformed: ${(error as Error).message}`,
    );
  }
}

/** Trust material for a trusted root; `keys` resolves public-key hints (managed keys, npm registry keys). */
export function toBundleTrustMaterial(root: TrustedRoot, keys?: KeyFinderFunc): TrustMaterial {
  try {
    return toTrustMaterial(root, keys);
  } catch (error) {
    throw new BundleCheckFailure(
      'trusted_root_invalid',
      `trusted root is unusable: ${(error as Error).message}`,
    );
  }
}
