import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import pacote from 'pacote';
import semver from 'semver';
import type { Identity } from './types.js';

/** What would actually run for an identity, and how that was established. */
export type Resolution =
  | {
      status: 'resolved';
      version: string | null;
      /** npm: the integrity npm would check the download against (packument or lockfile); OCI: the digest. */
      integrity: string | null;
      /** npm: sha512 of the tarball bytes actually fetched, when they were fetched. */
      tarballIntegrity?: string;
      /** Where the answer came from: the project's node_modules, the npm cache, the registry, or the config itself. */
      source: 'node_modules' | 'npm-cache' | 'npm-registry' | 'config';
      path?: string;
    }
  | { status: 'unresolved'; reason: string }
  | { status: 'not_applicable' };

export interface ResolveOptions {
  /** The project folder whose node_modules npx would prefer. */
  cwd: string;
  /** npm registry URL (npm_config_registry), default https://registry.npmjs.org/. */
  npmRegistry?: string;
  /** npm's cache folder (npm_config_cache); pacote reads and fills <cache>/_cacache. */
  npmCache?: string;
  /** Use only what is cached or installed; never the network. */
  offline?: boolean;
  /** Download the tarball and hash its bytes (default true): catches a registry serving other bytes. */
  fetchTarball?: boolean;
}

function isEnoent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function readJson(path: string): Promise<Record<string, unknown> | null> {
  try {
    const value = JSON.parse(await readFile(path, 'utf8')) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch (error) {
    if (isEnoent(error) || error instanceof SyntaxError) return null;
    throw error;
  }
}

/**
 * The integrity npm recorded for node_modules/<name> under a project: package-lock.json or
 * npm-shrinkwrap.json (lockfile v2/v3 `packages`, v1 `dependencies`), else npm's hidden lockfile.
 */
export async function readLockedIntegrity(projectDir: string, name: string): Promise<string | null> {
  const files = ['npm-shrinkwrap.json', 'package-lock.json', join('node_modules', '.package-lock.json')];
  for (const file of files) {
    const lock = await readJson(join(projectDir, file));
    if (!lock) continue;
    const packages = lock.packages as Record<string, { integrity?: unknown }> | undefined;
    const fromPackages = packages?.[`node_modules/${name}`]?.integrity;
    if (typeof fromPackages === 'string') return fromPackages;
    const deps = lock.dependencies as Record<string, { integrity?: unknown }> | undefined;
    const fromDeps = deps?.[name]?.integrity;
    if (typeof fromDeps === 'string') return fromDeps;
  }
  return null;
}

async function resolveInstalled(installPath: string, name: string): Promise<Resolution> {
  const pkg = await readJson(join(installPath, 'package.json'));
  if (!pkg || typeof pkg.version !== 'string') {
    return { status: 'unresolved', reason: `${name} is not installed at ${installPath}` };
  }
  // installPath is <project>/node_modules/<name>; the lockfile sits in <project>
  const projectDir = dirname(name.startsWith('@') ? dirname(dirname(installPath)) : dirname(installPath));
  return {
    status: 'resolved',
    version: pkg.version,
    integrity: await readLockedIntegrity(projectDir, name),
    source: 'node_modules',
    path: installPath,
  };
}

function sha512Sri(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

function pacoteOptions(options: ResolveOptions, registry: string | undefined) {
  return {
    registry: registry ?? options.npmRegistry ?? 'https://registry.npmjs.org/',
    ...(options.npmCache ? { cache: join(options.npmCache, '_cacache') } : {}),
    fullMetadata: false,
    // a dead registry should fail fast, not after npm's default minute of backoff
    fetchRetries: 1,
    fetchRetryMintimeout: 100,
    fetchRetryMaxtimeout: 500,
    timeout: 30_000,
  };
}

async function fetchManifest(
  spec: string,
  opts: ReturnType<typeof pacoteOptions>,
  offlineFirst: boolean,
  offline: boolean,
) {
  if (offlineFirst || offline) {
    try {
      return {
        manifest: await pacote.manifest(spec, { ...opts, offline: true }),
        source: 'npm-cache' as const,
      };
    } catch (error) {
      if (offline) throw error;
    }
  }
  return {
    manifest: await pacote.manifest(spec, { ...opts, preferOnline: !offlineFirst }),
    source: 'npm-registry' as const,
  };
}

async function resolveNpm(
  identity: Extract<Identity, { kind: 'package' }>,
  options: ResolveOptions,
): Promise<Resolution> {
  const name = identity.identifier;
  if (identity.installPath) return resolveInstalled(identity.installPath, name);

  // npx prefers a copy installed in the project when it satisfies what was asked for
  const local = await readJson(join(options.cwd, 'node_modules', name, 'package.json'));
  if (local && typeof local.version === 'string') {
    const wanted = identity.requested;
    const fits =
      wanted === null || (semver.validRange(wanted) !== null && semver.satisfies(local.version, wanted));
    if (fits) return resolveInstalled(join(options.cwd, 'node_modules', name), name);
  }

  const opts = pacoteOptions(options, identity.npmRegistry);
  const spec = `${name}@${identity.requested ?? 'latest'}`;
  let manifest: Awaited<ReturnType<typeof pacote.manifest>>;
  let source: 'npm-cache' | 'npm-registry';
  try {
    // an exact version never changes, so a cached packument answers for it; tags and ranges go online
    ({ manifest, source } = await fetchManifest(spec, opts, identity.pinned, options.offline === true));
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return {
      status: 'unresolved',
      reason: `npm could not resolve ${spec}: ${e.code ?? ''} ${e.message ?? ''}`.trim(),
    };
  }
  const resolution: Extract<Resolution, { status: 'resolved' }> = {
    status: 'resolved',
    version: manifest.version,
    integrity: manifest._integrity ?? null,
    source,
  };
  if (options.fetchTarball !== false) {
    try {
      const bytes = await pacote.tarball(`${name}@${manifest.version}`, {
        ...opts,
        ...(manifest._integrity ? { integrity: manifest._integrity } : {}),
        offline: options.offline === true,
        preferOffline: true,
      });
      resolution.tarballIntegrity = sha512Sri(bytes);
    } catch (error) {
      const e = error as { code?: string; found?: unknown; message?: string };
      // The bytes npm served do not match the packument: what would be installed is not what was published.
      if (e.code === 'EINTEGRITY') resolution.tarballIntegrity = e.found ? String(e.found) : 'mismatch';
      else {
        return {
          status: 'unresolved',
          reason:
            `npm could not fetch ${name}@${manifest.version}: ${e.code ?? ''} ${e.message ?? ''}`.trim(),
        };
      }
    }
  }
  return resolution;
}

/** Resolve what an identity would run. npm goes through pacote (cache first for exact versions); others are taken from the config. */
export async function resolveIdentity(identity: Identity, options: ResolveOptions): Promise<Resolution> {
  if (identity.kind !== 'package') return { status: 'not_applicable' };
  if (identity.registryType === 'npm') return resolveNpm(identity, options);
  if (identity.registryType === 'oci') {
    return {
      status: 'resolved',
      version: identity.version,
      integrity: identity.digest ?? null,
      source: 'config',
    };
  }
  return { status: 'resolved', version: identity.version, integrity: null, source: 'config' };
}
