// Snapshot generation at registry scale: sign a snapshot of 100,000 releases with registry/signing
// (what the registry does whenever the log has grown and a client asks), beside its baselines measured
// in the same run: the RFC 8785 canonical JSON of the same document alone (the part of signing that is
// not cryptography) and the verifier's checkSnapshot of the result.
// Run alone: node --import tsx bench/snapshot.ts
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { toCanonicalJson } from '../registry/records/index.js';
import { toBase64 } from '../registry/signing/encoding.js';
import {
  createRoot,
  generateSigningKey,
  type SigningAlgorithm,
  type SnapshotRelease,
  signRoot,
  signSnapshot,
  toPublicKeyInfo,
} from '../registry/signing/index.js';
import { checkSnapshot } from '../verifier/trust/index.js';

const RELEASES = 100_000;
const RUNS = 3;
const REGISTRY = 'https://registry.example';

function hex(seed: number, length: number): string {
  let out = '';
  let x = seed >>> 0 || 1;
  while (out.length < length) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += (x >>> 0).toString(16).padStart(8, '0');
  }
  return out.slice(0, length);
}

/** 100k releases shaped like the registry's: ~20k servers with 5 versions, an npm digest each. */
export function makeReleases(count: number): SnapshotRelease[] {
  const statuses = ['approved', 'approved', 'approved', 'deprecated', 'revoked'] as const;
  return Array.from({ length: count }, (_, i) => ({
    name: `io.github.org${Math.floor(i / 5) % 4000}/server-${Math.floor(i / 5)}`,
    version: `1.${i % 5}.0`,
    status: statuses[i % 5] as SnapshotRelease['status'],
    releaseDigest: `sha256:${hex(i * 3 + 1, 64)}`,
    digests: {
      [`npm:@org${i % 4000}/server-${Math.floor(i / 5)}`]: `sha512-${Buffer.from(hex(i * 7 + 2, 128), 'hex').toString('base64')}`,
    },
    capabilityFingerprint: `sha256:${hex(i * 11 + 3, 64)}`,
    attestationDigest: `sha256:${hex(i * 13 + 5, 64)}`,
  }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function measure(fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function forAlgorithm(algorithm: SigningAlgorithm, releases: SnapshotRelease[]) {
  const rootKey = await generateSigningKey('ed25519');
  const key = await generateSigningKey(algorithm);
  const now = new Date();
  const root = await signRoot(
    createRoot({
      registry: REGISTRY,
      version: 1,
      expires: new Date(now.getTime() + 86_400_000 * 365),
      rootKeys: [toPublicKeyInfo(rootKey)],
      threshold: 1,
      signingKeys: [
        {
          ...toPublicKeyInfo(key),
          role: 'snapshot',
          notBefore: new Date(now.getTime() - 60_000),
          notAfter: new Date(now.getTime() + 86_400_000),
        },
      ],
    }),
    [rootKey],
  );
  const input = {
    registry: REGISTRY,
    version: 1,
    rootVersion: 1,
    timestamp: now,
    expires: new Date(now.getTime() + 86_400_000),
    releases,
  };
  let signed = await signSnapshot(input, key);
  const signMs = await measure(async () => {
    signed = await signSnapshot(input, key);
  });
  const verifyMs = await measure(async () => {
    const check = await checkSnapshot(signed, root.signed, undefined, new Date());
    if (!check.ok) throw new Error(`snapshot does not verify: ${check.message}`);
  });
  return { signMs, verifyMs };
}

export async function runSnapshotBench(): Promise<Record<string, number>> {
  const releases = makeReleases(RELEASES);
  const document = { _type: 'mcpvet/snapshot', specVersion: 1, registry: REGISTRY, version: 1, releases };
  let bytes = 0;
  let text = '';
  const canonicalMs = await measure(() => {
    text = toCanonicalJson(document);
    bytes = Buffer.byteLength(text);
  });
  // signSnapshot goes through signEnvelope, which also base64-encodes the payload into an envelope that
  // addSignatures then drops: measured alone to show where the time beyond canonical JSON goes.
  const payload = new TextEncoder().encode(text);
  const payloadBase64Ms = await measure(() => toBase64(payload));
  const ed25519 = await forAlgorithm('ed25519', releases);
  const p256 = await forAlgorithm('ecdsa-p256', releases);
  return {
    releases: RELEASES,
    snapshotMiB: Number((bytes / 1024 / 1024).toFixed(1)),
    canonicalJsonMs: Math.round(canonicalMs),
    signEd25519Ms: Math.round(ed25519.signMs),
    signP256Ms: Math.round(p256.signMs),
    signOverCanonical: Number((ed25519.signMs / canonicalMs).toFixed(2)),
    payloadBase64Ms: Math.round(payloadBase64Ms),
    checkSnapshotEd25519Ms: Math.round(ed25519.verifyMs),
    checkSnapshotP256Ms: Math.round(p256.verifyMs),
    signUsPerRelease: Number(((ed25519.signMs * 1000) / RELEASES).toFixed(1)),
  };
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  console.table(await runSnapshotBench());
}
