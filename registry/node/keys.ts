import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryError } from '../errors/index.js';
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
import { createRegistryTrust, type RegistryTrust } from '../trust/index.js';

export interface TrustFiles {
  trust: RegistryTrust;
  /** Set when this start generated keys and root v1: what the operator should be told once. */
  created: { rootKeyPath: string; onlineKeyPath: string | null; rootPath: string } | null;
}

const YEAR = 365 * 24 * 3600_000;

export function writeSecret(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600); // the mode option is masked by the umask; the key must not be group-readable
}

function readRoots(dir: string): SignedRoot[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^root-\d+\.json$/.test(f))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as SignedRoot)
    .sort((a, b) => a.signed.version - b.signed.version);
}

/**
 * The embedded default's keys and roots, under <dataDir>/keys (0700, keys 0600) and <dataDir>/trust.
 * First start: an Ed25519 online key (attestations, snapshots, log checkpoints) and a root key, and
 * root v1 signed by it. MCPVET_SIGNING_KEY (PKCS#8 PEM) replaces the generated online key.
 */
export async function loadOrCreateTrust(
  dataDir: string,
  options: { registry: string; explicitRegistry: boolean; signingKeyPem?: string | undefined; now?: Date },
): Promise<TrustFiles> {
  const keysDir = join(dataDir, 'keys');
  const trustDir = join(dataDir, 'trust');
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  chmodSync(keysDir, 0o700);
  mkdirSync(trustDir, { recursive: true });
  const onlinePath = join(keysDir, 'online.pem');
  let onlineKey: SigningKey;
  let generatedOnline = false;
  try {
    if (options.signingKeyPem?.trim()) onlineKey = await importSigningKey(options.signingKeyPem.trim());
    else if (existsSync(onlinePath)) onlineKey = await importSigningKey(readFileSync(onlinePath, 'utf8'));
    else {
      onlineKey = await generateSigningKey('ed25519');
      writeSecret(onlinePath, await exportSigningKey(onlineKey));
      generatedOnline = true;
    }
  } catch (cause) {
    throw new RegistryError(
      'unavailable',
      `the online signing key cannot be used: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  let roots = readRoots(trustDir);
  let created: TrustFiles['created'] = null;
  if (roots.length === 0) {
    const now = options.now ?? new Date();
    const rootKey = await generateSigningKey('ed25519');
    const rootKeyPath = join(keysDir, 'root-1.pem');
    writeSecret(rootKeyPath, await exportSigningKey(rootKey));
    const window = { notBefore: new Date(now.getTime() - 60_000), notAfter: new Date(now.getTime() + YEAR) };
    const online = toPublicKeyInfo(onlineKey);
    const root = await signRoot(
      createRoot({
        registry: options.registry,
        version: 1,
        expires: new Date(now.getTime() + YEAR),
        rootKeys: [toPublicKeyInfo(rootKey)],
        threshold: 1,
        signingKeys: (['attestation', 'snapshot', 'log'] as const).map((role) => ({
          ...online,
          role,
          ...window,
        })),
      }),
      [rootKey],
    );
    const rootPath = join(trustDir, 'root-1.json');
    writeFileSync(rootPath, `${JSON.stringify(root, null, 2)}\n`);
    roots = [root];
    created = { rootKeyPath, onlineKeyPath: generatedOnline ? onlinePath : null, rootPath };
  }
  // The registry's identity is the origin its root speaks for; an address it merely listens on (a
  // random test port, a proxy) does not change it unless the operator says so with MCPVET_PUBLIC_URL.
  const registry = options.explicitRegistry
    ? options.registry
    : (roots.at(-1)?.signed.registry ?? options.registry);
  const trust = await createRegistryTrust({ registry, onlineKey, roots });
  return { trust, created };
}
