import { importPublicKey, type PublicKeyInfo, type SigningKey, type VerificationKey } from './keys.js';
import { addSignatures, type SignedDocument, validSignatureKeyIds } from './signed.js';

export const ROOT_PAYLOAD_TYPE = 'application/vnd.mcpvet.root+json';

/** What an online key may sign: release attestations, snapshots, or log checkpoints. */
export type OnlineRole = 'attestation' | 'snapshot' | 'log';

export interface OnlineKey extends PublicKeyInfo {
  role: OnlineRole;
  /** Inclusive validity window (ISO 8601). A key removed from the root is revoked. */
  notBefore: string;
  notAfter: string;
}

/**
 * The registry's trust root, in the style of TUF's root.json: offline root keys with a threshold, the
 * online signing keys with roles and validity windows, a version that grows by one per rotation, and
 * an expiry. A new root must carry the threshold of the previous root's keys and of its own.
 */
export interface RootDocument {
  _type: 'mcpvet/root';
  specVersion: 1;
  /** Origin of the registry this root speaks for (https://registry.example). */
  registry: string;
  version: number;
  expires: string;
  rootKeys: PublicKeyInfo[];
  threshold: number;
  signingKeys: OnlineKey[];
}

export type SignedRoot = SignedDocument<RootDocument>;

export interface RootInput {
  registry: string;
  version: number;
  expires: Date | string;
  rootKeys: readonly PublicKeyInfo[];
  threshold: number;
  signingKeys: ReadonlyArray<
    Omit<OnlineKey, 'notBefore' | 'notAfter'> & { notBefore: Date | string; notAfter: Date | string }
  >;
}

const iso = (value: Date | string) => (typeof value === 'string' ? new Date(value) : value).toISOString();

/** Build a root document; throws on a document no verifier could accept. */
export function createRoot(input: RootInput): RootDocument {
  const root: RootDocument = {
    _type: 'mcpvet/root',
    specVersion: 1,
    registry: new URL(input.registry).origin,
    version: input.version,
    expires: iso(input.expires),
    rootKeys: input.rootKeys.map(({ keyId, algorithm, publicKeyPem }) => ({
      keyId,
      algorithm,
      publicKeyPem,
    })),
    threshold: input.threshold,
    signingKeys: input.signingKeys.map(({ keyId, algorithm, publicKeyPem, role, notBefore, notAfter }) => ({
      keyId,
      algorithm,
      publicKeyPem,
      role,
      notBefore: iso(notBefore),
      notAfter: iso(notAfter),
    })),
  };
  const problems = describeRootProblems(root);
  if (problems.length > 0) throw new Error(`invalid root: ${problems.join('; ')}`);
  return root;
}

/** Structural problems of a root document (shape, threshold, duplicate keys, windows); [] when sound. */
export function describeRootProblems(root: unknown): string[] {
  const r = root as Partial<RootDocument> | undefined;
  const problems: string[] = [];
  if (typeof r !== 'object' || r === null) return ['root is not an object'];
  if (r._type !== 'mcpvet/root' || r.specVersion !== 1) problems.push('not an mcpvet root (specVersion 1)');
  if (typeof r.registry !== 'string') problems.push('registry is missing');
  if (!Number.isSafeInteger(r.version) || (r.version as number) < 1)
    problems.push('version must be a positive integer');
  if (typeof r.expires !== 'string' || Number.isNaN(Date.parse(r.expires)))
    problems.push('expires is not a date');
  const rootKeys = Array.isArray(r.rootKeys) ? r.rootKeys : [];
  if (rootKeys.length === 0) problems.push('no root keys');
  if (
    !Number.isSafeInteger(r.threshold) ||
    (r.threshold as number) < 1 ||
    (r.threshold as number) > rootKeys.length
  ) {
    problems.push('threshold must be between 1 and the number of root keys');
  }
  if (new Set(rootKeys.map((k) => k?.keyId)).size !== rootKeys.length)
    problems.push('duplicate root key ids');
  const signingKeys = Array.isArray(r.signingKeys) ? r.signingKeys : [];
  if (!Array.isArray(r.signingKeys)) problems.push('signingKeys is missing');
  // One key may serve several roles (a small registry signs everything with one online key), but each
  // (key, role) pair is listed once.
  if (new Set(signingKeys.map((k) => `${k?.keyId}/${k?.role}`)).size !== signingKeys.length)
    problems.push('duplicate signing key entries');
  for (const key of signingKeys) {
    if (!['attestation', 'snapshot', 'log'].includes(key?.role)) problems.push(`${key?.keyId}: unknown role`);
    const from = Date.parse(key?.notBefore);
    const to = Date.parse(key?.notAfter);
    if (Number.isNaN(from) || Number.isNaN(to) || from > to)
      problems.push(`${key?.keyId}: bad validity window`);
    if (rootKeys.some((k) => k?.keyId === key?.keyId))
      problems.push(`${key?.keyId}: a root key cannot be an online key`);
  }
  return problems;
}

/** Sign (or countersign) a root with root keys; a rotation is signed by old and new root keys. */
export async function signRoot(
  root: RootDocument | SignedRoot,
  keys: readonly SigningKey[],
): Promise<SignedRoot> {
  return addSignatures(ROOT_PAYLOAD_TYPE, root, keys);
}

/** Import and check the keys a document lists (each key id must be the hash of its key). */
export async function importKeys(keys: readonly PublicKeyInfo[]): Promise<VerificationKey[]> {
  return Promise.all(keys.map((k) => importPublicKey(k.publicKeyPem, k.keyId)));
}

/**
 * How many of `by`'s root keys validly signed `root`, against `by`'s threshold. `by` is the root itself
 * (self-signature) or its predecessor (rotation).
 */
export async function countRootSignatures(
  root: SignedRoot,
  by: Pick<RootDocument, 'rootKeys' | 'threshold'>,
): Promise<{ signedBy: string[]; threshold: number; met: boolean }> {
  const keys = await importKeys(by.rootKeys);
  const signedBy = await validSignatureKeyIds(ROOT_PAYLOAD_TYPE, root, keys);
  return { signedBy, threshold: by.threshold, met: signedBy.length >= by.threshold };
}
