import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import npa from 'npm-package-arg';
import pacote from 'pacote';
import { VerifierError } from '../../errors/index.js';
import { type ResolvedManifest, resolveDependencyTree } from './deps.js';
import type { PackageMaterial } from './material.js';

const MAX_UNPACKED = 512 * 1024 * 1024;
const REGISTRY_TYPES = new Set(['version', 'range', 'tag', 'alias']);

/** The registry served bytes whose digest is not the one it recorded for them. */
export class IntegrityMismatchError extends VerifierError {
  readonly expected: string;
  readonly actual: string;
  constructor(spec: string, expected: string, actual: string, cause?: unknown) {
    super(
      'integrity_mismatch',
      `${spec}: tarball integrity ${actual || '(unknown)'} does not match the registry's ${expected}`,
      {
        details: { spec, expected, actual },
        cause,
      },
    );
    this.expected = expected;
    this.actual = actual;
  }
}

export function isRegistrySpec(spec: string): boolean {
  try {
    return REGISTRY_TYPES.has(npa(spec).type);
  } catch {
    return false;
  }
}

async function readTree(root: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  let total = 0;
  const walk = async (dir: string, prefix: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const abs = join(dir, entry.name);
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      // Links are not followed: their targets are outside what was published.
      if ((await lstat(abs)).isSymbolicLink()) continue;
      if (entry.isDirectory()) await walk(abs, rel);
      else if (entry.isFile()) {
        const bytes = await readFile(abs);
        total += bytes.length;
        if (total > MAX_UNPACKED)
          throw new VerifierError(
            'package_fetch_failed',
            `package unpacks to more than ${MAX_UNPACKED} bytes`,
          );
        files.set(rel, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
      }
    }
  };
  await walk(root, '');
  return files;
}

function parsePackageJson(files: Map<string, Uint8Array>, spec: string): Record<string, unknown> {
  const raw = files.get('package.json');
  if (!raw) throw new VerifierError('package_fetch_failed', `${spec}: the package has no package.json`);
  try {
    return JSON.parse(new TextDecoder().decode(raw)) as Record<string, unknown>;
  } catch (error) {
    throw new VerifierError('package_fetch_failed', `${spec}: package.json is not valid JSON`, {
      cause: error,
    });
  }
}

function fetchError(spec: string, error: unknown): VerifierError {
  const e = error as { code?: string; message?: string; expected?: unknown; found?: unknown; sri?: unknown };
  if (e.code === 'EINTEGRITY')
    return new IntegrityMismatchError(spec, String(e.expected ?? e.sri ?? ''), String(e.found ?? ''), error);
  if (e.code === 'E404' || e.code === 'ETARGET')
    return new VerifierError('package_fetch_failed', `${spec}: not found on the registry (${e.code})`, {
      cause: error,
    });
  return new VerifierError('package_fetch_failed', `${spec}: ${e.message ?? String(error)}`, {
    cause: error,
  });
}

export interface FetchOptions {
  registry: string;
  /** Resolve the production dependency closure from the registry (one manifest request per range). */
  resolveDependencies?: boolean;
}

/**
 * Thin adapter: fetch an npm version with pacote (fresh cache, so nothing stale or poisoned is reused),
 * verify its tarball against the registry's integrity, unpack it and read it into memory.
 */
export async function fetchNpmPackage(spec: string, options: FetchOptions): Promise<PackageMaterial> {
  if (!isRegistrySpec(spec))
    throw new VerifierError(
      'usage',
      `'${spec}' is not an npm registry spec (name, name@version, name@range or name@tag)`,
    );
  const cache = await mkdtemp(join(tmpdir(), 'mcpvet-assess-cache-'));
  const dest = await mkdtemp(join(tmpdir(), 'mcpvet-assess-pkg-'));
  const opts = { registry: options.registry, cache, preferOnline: true };
  try {
    let manifest: pacote.Manifest & pacote.ManifestResult;
    try {
      manifest = await pacote.manifest(spec, { ...opts, fullMetadata: true });
    } catch (error) {
      throw fetchError(spec, error);
    }
    const exact = `${manifest.name}@${manifest.version}`;
    const expected = manifest.dist?.integrity;
    let integrity = expected;
    try {
      const result = await pacote.extract(exact, dest, {
        ...opts,
        ...(expected ? { integrity: expected } : {}),
      });
      integrity = result.integrity ?? expected;
    } catch (error) {
      throw fetchError(exact, error);
    }
    const files = await readTree(dest);
    const packageJson = parsePackageJson(files, exact);
    const dist = manifest.dist as {
      attestations?: { url?: string; provenance?: { predicateType?: string } };
      tarball?: string;
    };
    const material: PackageMaterial = {
      files,
      packageJson,
      source: {
        kind: 'npm',
        spec,
        registry: options.registry,
        ...(integrity ? { integrity } : {}),
        ...(dist.tarball ? { tarballUrl: dist.tarball } : {}),
      },
      manifest: {
        ...(manifest.deprecated ? { deprecated: String(manifest.deprecated) } : {}),
        ...(dist.attestations
          ? {
              attestations: {
                ...(dist.attestations.url ? { url: dist.attestations.url } : {}),
                ...(dist.attestations.provenance?.predicateType
                  ? { predicateType: dist.attestations.provenance.predicateType }
                  : {}),
              },
            }
          : {}),
        ...((manifest as { hasInstallScript?: boolean }).hasInstallScript ? { hasInstallScript: true } : {}),
      },
    };
    if (options.resolveDependencies !== false && !files.has('npm-shrinkwrap.json')) {
      material.dependencyTree = await resolveDependencyTree(packageJson, async (name, range) => {
        const depSpec = `${name}@${range}`;
        // Git, URL and file specs would make pacote clone and run prepare scripts: never resolved here.
        if (!isRegistrySpec(depSpec)) throw new Error('not a registry spec');
        const m = await pacote.manifest(depSpec, opts);
        return m as unknown as ResolvedManifest;
      });
    }
    return material;
  } finally {
    await rm(cache, { recursive: true, force: true });
    await rm(dest, { recursive: true, force: true });
  }
}

/** Thin adapter: unpack a local npm tarball (.tgz) with pacote and read it into memory. */
export async function readTarballPackage(path: string): Promise<PackageMaterial> {
  const abs = resolve(path);
  const cache = await mkdtemp(join(tmpdir(), 'mcpvet-assess-cache-'));
  const dest = await mkdtemp(join(tmpdir(), 'mcpvet-assess-pkg-'));
  try {
    let integrity: string | undefined;
    try {
      integrity = (await pacote.extract(`file:${abs}`, dest, { cache })).integrity;
    } catch (error) {
      throw new VerifierError(
        'package_fetch_failed',
        `${path}: cannot unpack (${(error as Error).message})`,
        { cause: error },
      );
    }
    const files = await readTree(dest);
    return {
      files,
      packageJson: parsePackageJson(files, path),
      source: { kind: 'tarball', spec: path, ...(integrity ? { integrity } : {}) },
    };
  } finally {
    await rm(cache, { recursive: true, force: true });
    await rm(dest, { recursive: true, force: true });
  }
}
