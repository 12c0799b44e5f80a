import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryError } from '../errors/index.js';
import { encodeLogEntry } from '../log/index.js';
import { type LogEntry, toDigest } from '../records/index.js';
import {
  createRoot,
  exportSigningKey,
  generateSigningKey,
  importSigningKey,
  type SignedRoot,
  type SigningKey,
  signRoot,
  toPublicKeyInfo,
} from '../signing/index.js';
import { openSqliteStore } from '../sqlite/index.js';
import { writeSecret } from './keys.js';

const YEAR = 365 * 24 * 3600_000;

export interface RotationResult {
  root: SignedRoot;
  rootPath: string;
  onlineKeyId: string;
  previousOnlineKeyId: string;
  rootKeyId: string;
  previousRootKeyId: string;
  logIndexes: number[];
}

/** The root key file (keys/root-*.pem) whose key the current root lists: it signs the next root. */
async function findRootKey(keysDir: string, current: SignedRoot): Promise<SigningKey> {
  const listed = new Set(current.signed.rootKeys.map((k) => k.keyId));
  for (const file of readdirSync(keysDir).filter((f) => /^root-\d+\.pem$/.test(f))) {
    const key = await readKey(join(keysDir, file));
    if (listed.has(key.keyId)) return key;
  }
  throw new RegistryError(
    'not_found',
    `no key in ${keysDir} is a root key of root v${current.signed.version}`,
  );
}

function readKey(path: string): Promise<SigningKey> {
  if (!existsSync(path)) throw new RegistryError('not_found', `no key at ${path}`);
  return importSigningKey(readFileSync(path, 'utf8'));
}

/**
 * Rotates a data dir's keys (run with the registry stopped; it loads the new root when it starts): a new
 * online key, and with `newRootKey` a new root key too. Root v(n+1) retires the old online key (or, with
 * `revokeOld`, drops it) and is signed by the old root key (the chain a verifier follows) and the new one. Each rotation is a
 * key_rotated event in the log, carrying the digest of the new signed root.
 */
export async function rotateDataDirKeys(
  dataDir: string,
  options: { newRootKey?: boolean; revokeOld?: boolean; now?: Date } = {},
): Promise<RotationResult> {
  const now = options.now ?? new Date();
  const keysDir = join(dataDir, 'keys');
  const trustDir = join(dataDir, 'trust');
  const roots = existsSync(trustDir)
    ? readdirSync(trustDir)
        .filter((f) => /^root-\d+\.json$/.test(f))
        .map((f) => JSON.parse(readFileSync(join(trustDir, f), 'utf8')) as SignedRoot)
        .sort((a, b) => a.signed.version - b.signed.version)
    : [];
  const current = roots.at(-1);
  if (!current)
    throw new RegistryError('not_found', `${dataDir} has no root yet: start the registry once first`);
  const version = current.signed.version;
  const oldRootKey = await findRootKey(keysDir, current);
  const oldOnline = await readKey(join(keysDir, 'online.pem'));
  const online = await generateSigningKey('ed25519');
  const rootKey = options.newRootKey ? await generateSigningKey('ed25519') : oldRootKey;
  const window = { notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + YEAR) };
  const next = createRoot({
    registry: current.signed.registry,
    version: version + 1,
    expires: new Date(now.getTime() + YEAR),
    rootKeys: [toPublicKeyInfo(rootKey)],
    threshold: 1,
    signingKeys: [
      ...(['attestation', 'snapshot', 'log'] as const).map((role) => ({
        ...toPublicKeyInfo(online),
        role,
        ...window,
      })),
      // Retiring (the default) keeps the old key as an attestation key whose window closes now, so what
      // it signed before stays valid; revoking (a compromised key) drops it, and everything it signed fails.
      ...(options.revokeOld
        ? []
        : current.signed.signingKeys
            .filter((k) => k.keyId === oldOnline.keyId && k.role === 'attestation')
            .map((k) => ({ ...k, notAfter: new Date(Math.max(Date.parse(k.notBefore), now.getTime())) }))),
    ],
  });
  const signed = await signRoot(next, rootKey === oldRootKey ? [oldRootKey] : [oldRootKey, rootKey]);
  const rootPath = join(trustDir, `root-${version + 1}.json`);
  // Log first: if anything later fails, the log still tells that a rotation was attempted.
  const rootDigest = await toDigest(signed);
  const time = now.toISOString();
  const entries: LogEntry[] = [
    {
      v: 1,
      type: 'key_rotated',
      time,
      actor: 'operator',
      attestationDigest: rootDigest,
      keyRole: 'signing',
      keyId: online.keyId,
      previousKeyId: oldOnline.keyId,
    },
    {
      v: 1,
      type: 'key_rotated',
      time,
      actor: 'operator',
      attestationDigest: rootDigest,
      keyRole: 'log',
      keyId: online.keyId,
      previousKeyId: oldOnline.keyId,
    },
  ];
  if (rootKey !== oldRootKey) {
    entries.push({
      v: 1,
      type: 'key_rotated',
      time,
      actor: 'operator',
      attestationDigest: rootDigest,
      keyRole: 'root',
      keyId: rootKey.keyId,
      previousKeyId: oldRootKey.keyId,
    });
  }
  const { store } = await openSqliteStore(join(dataDir, 'registry.db'));
  let logIndexes: number[];
  try {
    const appended = await store.log.append(entries.map(encodeLogEntry));
    logIndexes = entries.map((_, i) => appended.start + i);
  } finally {
    await store.close();
  }
  writeFileSync(rootPath, `${JSON.stringify(signed, null, 2)}\n`);
  renameSync(join(keysDir, 'online.pem'), join(keysDir, `online-${version}.pem`));
  writeSecret(join(keysDir, 'online.pem'), await exportSigningKey(online));
  if (rootKey !== oldRootKey)
    writeSecret(join(keysDir, `root-${version + 1}.pem`), await exportSigningKey(rootKey));
  return {
    root: signed,
    rootPath,
    onlineKeyId: online.keyId,
    previousOnlineKeyId: oldOnline.keyId,
    rootKeyId: rootKey.keyId,
    previousRootKeyId: oldRootKey.keyId,
    logIndexes,
  };
}
