import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pacote from 'pacote';
import { list as listTar } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTarball, type FakeNpmRegistry, startFakeNpmRegistry } from '../helpers/fake-npm.js';

async function entriesOf(tarball: Buffer): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const parser = listTar({
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => out.set(entry.path, Buffer.concat(chunks).toString('utf8')));
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', () => resolve());
    parser.on('error', reject);
    Readable.from([tarball]).pipe(parser as unknown as NodeJS.WritableStream);
  });
  return out;
}

describe('fake npm registry', () => {
  let registry: FakeNpmRegistry;
  let tampered: FakeNpmRegistry;
  let cache: string;
  const attestations = { attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', bundle: {} }] };

  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), 'fake-npm-cache-'));
    registry = await startFakeNpmRegistry([
      { name: 'plain', version: '1.0.0', files: { 'index.js': 'module.exports = 1;\n' } },
      {
        name: 'plain',
        version: '1.2.0',
        files: { 'index.js': 'module.exports = 2;\n', 'lib/a.js': 'exports.a = 1;\n' },
        packageJson: { dependencies: { semver: '^7.0.0' }, scripts: { postinstall: 'node x.js' } },
        deprecated: 'use something else',
      },
      { name: 'plain', version: '1.10.0', files: { 'index.js': '' } },
      {
        name: '@acme/tool',
        version: '0.3.1',
        files: { 'dist/main.js': 'console.log(1)\n' },
        attestations,
      },
    ]);
    tampered = await startFakeNpmRegistry(
      [{ name: 'bad', version: '1.0.0', files: { 'index.js': 'ok\n' } }],
      { tamper: (_n, _v, tarball) => Buffer.concat([tarball, Buffer.from('extra')]) },
    );
  });

  afterAll(async () => {
    await registry.close();
    await tampered.close();
    await rm(cache, { recursive: true, force: true });
  });

  it('serves manifests pacote resolves, with integrity, install script flag and deprecation', async () => {
    const m = await pacote.manifest('plain@1.2.0', { registry: registry.url, cache });
    expect(m.name).toBe('plain');
    expect(m.version).toBe('1.2.0');
    expect(m.dist.integrity).toBe(registry.integrity('plain', '1.2.0'));
    expect(m.dist.tarball).toBe(`${registry.url}plain/-/plain-1.2.0.tgz`);
    expect(m.dependencies).toEqual({ semver: '^7.0.0' });
    expect(m.deprecated).toBe('use something else');
    expect((m as unknown as { hasInstallScript?: boolean }).hasInstallScript).toBe(true);
  });

  it('sets dist-tags.latest to the highest semver, not the last listed or the lexically highest', async () => {
    const p = await pacote.packument('plain', { registry: registry.url, cache, fullMetadata: true });
    expect(p['dist-tags'].latest).toBe('1.10.0');
    const latest = await pacote.manifest('plain', { registry: registry.url, cache });
    expect(latest.version).toBe('1.10.0');
  });

  it('serves corgi packuments when asked for install-v1 and full ones otherwise', async () => {
    const corgi = await fetch(`${registry.url}plain`, {
      headers: { accept: 'application/vnd.npm.install-v1+json' },
    });
    expect(corgi.headers.get('content-type')).toContain('application/vnd.npm.install-v1+json');
    const c = (await corgi.json()) as { versions: Record<string, Record<string, unknown>> };
    expect(c.versions['1.2.0']?.scripts).toBeUndefined();
    expect(c.versions['1.2.0']?.dependencies).toEqual({ semver: '^7.0.0' });
    const full = (await (await fetch(`${registry.url}plain`)).json()) as {
      versions: Record<string, Record<string, unknown>>;
    };
    expect(full.versions['1.2.0']?.scripts).toEqual({ postinstall: 'node x.js' });
  });

  it('serves tarballs whose bytes match the recorded integrity and contain package/ files', async () => {
    const tarball = await pacote.tarball('plain@1.2.0', { registry: registry.url, cache });
    const entries = await entriesOf(tarball);
    expect([...entries.keys()].sort()).toEqual([
      'package/index.js',
      'package/lib/a.js',
      'package/package.json',
    ]);
    expect(JSON.parse(entries.get('package/package.json') ?? '{}')).toMatchObject({
      name: 'plain',
      version: '1.2.0',
      scripts: { postinstall: 'node x.js' },
    });
    const rebuilt = await buildTarball({
      name: 'plain',
      version: '1.2.0',
      files: { 'index.js': 'module.exports = 2;\n', 'lib/a.js': 'exports.a = 1;\n' },
      packageJson: { dependencies: { semver: '^7.0.0' }, scripts: { postinstall: 'node x.js' } },
    });
    expect(rebuilt.integrity).toBe(registry.integrity('plain', '1.2.0'));
    expect(rebuilt.integrity).toMatch(/^sha512-[A-Za-z0-9+/]+=*$/);
    expect(rebuilt.shasum).toMatch(/^[a-f0-9]{40}$/);
  });

  it('handles scoped names in both encodings and serves attestations', async () => {
    const m = await pacote.manifest('@acme/tool@0.3.1', { registry: registry.url, cache });
    expect(m.dist.tarball).toBe(`${registry.url}@acme/tool/-/tool-0.3.1.tgz`);
    const attest = (m.dist as { attestations?: { url: string } }).attestations;
    expect(attest?.url).toBe(`${registry.url}-/npm/v1/attestations/@acme/tool@0.3.1`);
    expect(await (await fetch(attest?.url ?? '')).json()).toEqual(attestations);
    const raw = await fetch(`${registry.url}@acme/tool`);
    expect(raw.status).toBe(200);
    expect(registry.requests.some((r) => r.includes('@acme%2ftool') || r.includes('@acme%2Ftool'))).toBe(
      true,
    );
    const tarball = await pacote.tarball('@acme/tool@0.3.1', { registry: registry.url, cache });
    expect((await entriesOf(tarball)).get('package/dist/main.js')).toBe('console.log(1)\n');
  });

  it('returns 404 for unknown packages, versions and attestations', async () => {
    await expect(pacote.manifest('nope@1.0.0', { registry: registry.url, cache })).rejects.toMatchObject({
      code: 'E404',
    });
    expect((await fetch(`${registry.url}plain/-/plain-9.9.9.tgz`)).status).toBe(404);
    expect((await fetch(`${registry.url}-/npm/v1/attestations/plain@1.0.0`)).status).toBe(404);
  });

  it('lets a test serve bytes that differ from the recorded integrity, which pacote rejects', async () => {
    await expect(pacote.tarball('bad@1.0.0', { registry: tampered.url, cache })).rejects.toMatchObject({
      code: 'EINTEGRITY',
    });
  });
});
