import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { create as createTar } from 'tar';

/** One published version of a fake npm package: its files (placed under `package/`) and manifest extras. */
export interface FakePackageVersion {
  name: string;
  version: string;
  files: Record<string, string | Uint8Array>;
  /** Merged into package.json (name and version always win). */
  packageJson?: Record<string, unknown>;
  deprecated?: string;
  /** Served as the body of /-/npm/v1/attestations/<name>@<version>; its presence sets dist.attestations. */
  attestations?: unknown;
}

export interface FakeNpmRegistry {
  /** http://127.0.0.1:PORT/ (trailing slash, as npm registry URLs are written). */
  url: string;
  close(): Promise<void>;
  /** The integrity recorded in the packument (of the untampered tarball). */
  integrity(name: string, version: string): string;
  /** Every request path seen, in order (raw, as sent by the client). */
  requests: string[];
}

// Fixed mtime so the same files always give the same tarball bytes and integrity.
const FIXED_MTIME = new Date('2020-01-01T00:00:00Z');

/** Build a real npm tarball (gzip tar, entries under `package/`) and its integrity values. */
export async function buildTarball(
  v: FakePackageVersion,
): Promise<{ tarball: Buffer; integrity: string; shasum: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'fake-npm-'));
  try {
    const files: Record<string, string | Uint8Array> = { ...v.files };
    const existing = typeof files['package.json'] === 'string' ? tryParse(files['package.json']) : {};
    files['package.json'] = `${JSON.stringify(
      { ...existing, ...(v.packageJson ?? {}), name: v.name, version: v.version },
      null,
      2,
    )}\n`;
    const entries: string[] = [];
    for (const [path, content] of Object.entries(files)) {
      const rel = `package/${path.replace(/^\/+/, '')}`;
      const abs = join(dir, rel);
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, content);
      entries.push(rel);
    }
    entries.sort();
    const chunks: Buffer[] = [];
    const stream = createTar({ gzip: true, cwd: dir, portable: true, mtime: FIXED_MTIME }, entries);
    for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(Buffer.from(chunk));
    const tarball = Buffer.concat(chunks);
    return {
      tarball,
      integrity: `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
      shasum: createHash('sha1').update(tarball).digest('hex'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function tryParse(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

interface Built {
  v: FakePackageVersion;
  manifest: Record<string, unknown>;
  tarball: Buffer;
  integrity: string;
  shasum: string;
}

// The fields npm keeps in the abbreviated ("corgi") packument, per the registry's install-v1 format.
const CORGI_FIELDS = [
  'name',
  'version',
  'deprecated',
  'dependencies',
  'optionalDependencies',
  'devDependencies',
  'bundleDependencies',
  'bundledDependencies',
  'peerDependencies',
  'peerDependenciesMeta',
  'bin',
  'directories',
  'engines',
  'os',
  'cpu',
  'dist',
  'hasInstallScript',
  '_hasShrinkwrap',
  'funding',
  'acceptDependencies',
];

function basename(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? name : name.slice(slash + 1);
}

/**
 * Serve the given versions as an npm registry on loopback: packuments (full and corgi) at /<name>,
 * tarballs at /<name>/-/<basename>-<version>.tgz, attestations at /-/npm/v1/attestations/<name>@<version>.
 */
export async function startFakeNpmRegistry(
  versions: FakePackageVersion[],
  opts: { tamper?: (name: string, version: string, tarball: Buffer) => Buffer } = {},
): Promise<FakeNpmRegistry> {
  const requests: string[] = [];
  const byName = new Map<string, Map<string, Built>>();
  let base = '';

  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    try {
      handle(req, res);
    } catch (error) {
      send(res, 500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}/`;

  for (const v of versions) {
    const { tarball, integrity, shasum } = await buildTarball(v);
    const scripts = (v.packageJson?.scripts ?? {}) as Record<string, unknown>;
    const dist: Record<string, unknown> = {
      integrity,
      shasum,
      tarball: `${base}${v.name}/-/${basename(v.name)}-${v.version}.tgz`,
      fileCount: Object.keys(v.files).length + (v.files['package.json'] === undefined ? 1 : 0),
      unpackedSize: Object.values(v.files).reduce((n, c) => n + Buffer.byteLength(c), 0),
    };
    if (v.attestations !== undefined) {
      dist.attestations = {
        url: `${base}-/npm/v1/attestations/${v.name}@${v.version}`,
        provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
      };
    }
    const manifest: Record<string, unknown> = {
      ...(v.packageJson ?? {}),
      name: v.name,
      version: v.version,
      _id: `${v.name}@${v.version}`,
      dist,
    };
    if (['preinstall', 'install', 'postinstall'].some((s) => s in scripts)) manifest.hasInstallScript = true;
    if (v.deprecated !== undefined) manifest.deprecated = v.deprecated;
    let versionsOf = byName.get(v.name);
    if (!versionsOf) {
      versionsOf = new Map();
      byName.set(v.name, versionsOf);
    }
    versionsOf.set(v.version, { v, manifest, tarball, integrity, shasum });
  }

  function packument(name: string, corgi: boolean): Record<string, unknown> | undefined {
    const versionsOf = byName.get(name);
    if (!versionsOf) return undefined;
    const sorted = semver.rsort([...versionsOf.keys()]);
    const out: Record<string, Record<string, unknown>> = {};
    const time: Record<string, string> = {};
    for (const [version, built] of versionsOf) {
      out[version] = corgi
        ? Object.fromEntries(Object.entries(built.manifest).filter(([k]) => CORGI_FIELDS.includes(k)))
        : built.manifest;
      time[version] = FIXED_MTIME.toISOString();
    }
    const doc: Record<string, unknown> = {
      name,
      'dist-tags': { latest: sorted[0] },
      versions: out,
      modified: FIXED_MTIME.toISOString(),
    };
    if (!corgi) Object.assign(doc, { _id: name, time: { created: FIXED_MTIME.toISOString(), ...time } });
    return doc;
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const path = decodeURIComponent(new URL(req.url ?? '/', base).pathname);
    const attest = '/-/npm/v1/attestations/';
    if (path.startsWith(attest)) {
      const spec = path.slice(attest.length);
      const at = spec.lastIndexOf('@');
      const built = at > 0 ? byName.get(spec.slice(0, at))?.get(spec.slice(at + 1)) : undefined;
      if (built?.v.attestations === undefined) send(res, 404, { error: 'Not found' });
      else send(res, 200, built.v.attestations);
      return;
    }
    const dash = path.indexOf('/-/');
    if (dash > 0) {
      const name = path.slice(1, dash);
      const file = path.slice(dash + 3);
      const versionsOf = byName.get(name);
      const prefix = `${basename(name)}-`;
      const version = file.startsWith(prefix) && file.endsWith('.tgz') ? file.slice(prefix.length, -4) : '';
      const built = versionsOf?.get(version);
      if (!built) {
        send(res, 404, { error: 'Not found' });
        return;
      }
      const body = opts.tamper ? opts.tamper(name, version, built.tarball) : built.tarball;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(body);
      return;
    }
    const corgi = (req.headers.accept ?? '').includes('application/vnd.npm.install-v1+json');
    const doc = packument(path.slice(1), corgi);
    if (!doc) send(res, 404, { error: 'Not found' });
    else send(res, 200, doc, corgi ? 'application/vnd.npm.install-v1+json' : 'application/json');
  }

  return {
    url: base,
    requests,
    integrity(name: string, version: string): string {
      const built = byName.get(name)?.get(version);
      if (!built) throw new Error(`fake npm: no ${name}@${version}`);
      return built.integrity;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
