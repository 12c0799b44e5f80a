import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvenanceIdentity, Release } from '../../registry/records/index.js';
import type { Lock } from '../../registry/records/types.generated.js';
import { type FakeNpmRegistry, type FakePackageVersion, startFakeNpmRegistry } from '../helpers/fake-npm.js';
import { failingCodes, type Project, runIn, startWorld, type World, writeJson } from './world.js';

// npm provenance in verify: when a release records packages[].provenance, the package version's npm
// attestations (fetched from the npm registry's /-/npm/v1/attestations) must verify and name that
// source. The package is installed in the project (package-lock integrity), so npm is asked only for
// attestations; the fake npm registry serves them.

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/npm-attestations');
const present = existsSync(FIXTURES);
if (!present) console.log(`[provenance] ${FIXTURES} is absent: the real npm attestation cases are not run`);

let world: World;
let npm: FakeNpmRegistry;
const SYNTHETIC = '@acme/prov-mcp';
const INTEGRITY = `sha512-${Buffer.alloc(64, 1).toString('base64')}`;
const GARBAGE = {
  attestations: [
    {
      predicateType: 'https://slsa.dev/provenance/v1',
      bundle: {
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        dsseEnvelope: { payload: 'e30=' },
      },
    },
  ],
};

function fixture(file: string): { attestations: Array<{ bundle: { dsseEnvelope: { payload: string } } }> } {
  return JSON.parse(readFileSync(join(FIXTURES, file), 'utf8'));
}

/** dist.integrity of the version a fixture attests (its subject's sha512). */
function attestedIntegrity(file: string): string {
  const first = fixture(file).attestations[0];
  const statement = JSON.parse(
    Buffer.from(first?.bundle.dsseEnvelope.payload ?? '', 'base64').toString('utf8'),
  );
  return `sha512-${Buffer.from(statement.subject[0].digest.sha512, 'hex').toString('base64')}`;
}

beforeAll(async () => {
  const versions: FakePackageVersion[] = [
    { name: SYNTHETIC, version: '1.0.0', files: { 'index.js': '' }, attestations: GARBAGE },
    { name: SYNTHETIC, version: '1.0.1', files: { 'index.js': '' } },
  ];
  if (present) {
    versions.push(
      {
        name: 'sigstore',
        version: '1.0.0',
        files: { 'index.js': '' },
        attestations: fixture('npm-cli-valid-sigstore-attestations.json'),
      },
      {
        name: 'tuf-js',
        version: '1.0.0',
        files: { 'index.js': '' },
        attestations: fixture('npm-cli-valid-tuf-js-attestations.json'),
      },
      {
        name: 'sigstore',
        version: '0.4.0',
        files: { 'index.js': '' },
        attestations: fixture('pacote-mismatched-subject-digest-attestations.json'),
      },
    );
  }
  npm = await startFakeNpmRegistry(versions);
  world = await startWorld();
}, 60_000);

afterAll(async () => {
  await world?.close();
  await npm?.close();
});

async function publish(
  pkg: string,
  version: string,
  integrity: string,
  provenance: ProvenanceIdentity,
): Promise<void> {
  const release: Release = {
    name: `io.github.modelcontextprotocol/${pkg.replace(/^\W+/, '').replace(/\W+/g, '-')}-${version.replace(/\./g, '-')}`,
    version: '1.0.0',
    description: `${pkg}@${version} with recorded provenance`,
    packages: [
      {
        registryType: 'npm',
        identifier: pkg,
        version,
        transport: { type: 'stdio' },
        digest: integrity,
        provenance,
      },
    ],
  };
  await world.call('POST', '/v1/releases', world.publisher, release);
  await world.setStatus(release.name, release.version, 'approved');
}

/** A project running `npx -y pkg@version`, installed in its node_modules with the given integrity. */
async function installedProject(pkg: string, version: string, integrity: string): Promise<Project> {
  const project = await world.project(`${pkg}-${version}`, {
    server: { command: 'npx', args: ['-y', `${pkg}@${version}`], env: {} },
  });
  await writeJson(join(project.cwd, 'node_modules', pkg, 'package.json'), { name: pkg, version });
  await writeJson(join(project.cwd, 'package-lock.json'), {
    name: 'project',
    lockfileVersion: 3,
    packages: { '': { name: 'project' }, [`node_modules/${pkg}`]: { version, integrity } },
  });
  project.env.npm_config_registry = npm.url;
  return project;
}

const REPO = { sourceRepository: 'https://github.com/acme/prov-mcp' };

describe('npm provenance recorded by the release (synthetic, always run)', () => {
  it('attestations that do not verify are provenance_invalid (exit 3)', async () => {
    await publish(SYNTHETIC, '1.0.0', INTEGRITY, REPO);
    const run = await world.verify(await installedProject(SYNTHETIC, '1.0.0', INTEGRITY));
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['provenance_invalid']);
    expect(npm.requests).toContain(`/-/npm/v1/attestations/${SYNTHETIC.replace('/', '%2F')}@1.0.0`);
  });

  it('no attestations at all is provenance_unverified (a policy finding, exit 1)', async () => {
    await publish(SYNTHETIC, '1.0.1', INTEGRITY, REPO);
    const run = await world.verify(await installedProject(SYNTHETIC, '1.0.1', INTEGRITY));
    expect(run.code).toBe(1);
    expect(failingCodes(run)).toEqual(['provenance_unverified']);
  });
});

describe.runIf(present)('npm provenance with real npm attestations (../shared fixtures)', () => {
  it('verifies sigstore@1.0.0 built from the recorded repository', async () => {
    const integrity = attestedIntegrity('npm-cli-valid-sigstore-attestations.json');
    await publish('sigstore', '1.0.0', integrity, {
      sourceRepository: 'https://github.com/sigstore/sigstore-js',
    });
    const project = await installedProject('sigstore', '1.0.0', integrity);
    const run = await world.verify(project);
    expect(run.report?.findings).toEqual([]);
    expect(run.code).toBe(0);
    expect(npm.requests).toContain('/-/npm/v1/attestations/sigstore@1.0.0');

    // the lock keeps npm's attestations, so --offline verifies provenance with npm unreachable
    expect((await runIn(project.cwd, project.env, ['lock', '--project-only'])).code).toBe(0);
    const offlineEnv = { ...project.env, npm_config_registry: 'http://127.0.0.1:9/' };
    const argv = ['verify', '--project-only', '--offline', '--format', 'json'];
    const offline = await runIn(project.cwd, offlineEnv, argv);
    expect(offline.report?.findings).toEqual([]);
    expect(offline.code).toBe(0);
    const lockPath = join(project.cwd, 'mcpvet.lock');
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as Lock;
    const entry = lock.servers[0];
    if (!entry?.provenance) throw new Error('the lock kept no npm attestations');
    entry.provenance.attestations = fixture('pacote-valid-attestations.json');
    await writeJson(lockPath, lock);
    const edited = await runIn(project.cwd, offlineEnv, argv);
    expect(edited.code).toBe(3);
    expect(failingCodes(edited)).toEqual(['provenance_invalid']);
  });

  it('fails tuf-js@1.0.0 when the release records another source repository than its provenance', async () => {
    const integrity = attestedIntegrity('npm-cli-valid-tuf-js-attestations.json');
    await publish('tuf-js', '1.0.0', integrity, {
      sourceRepository: 'https://github.com/sigstore/sigstore-js',
    });
    const run = await world.verify(await installedProject('tuf-js', '1.0.0', integrity));
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['provenance_invalid']);
  });

  it('fails sigstore@0.4.0 whose attestation names other bytes (subject_digest_mismatch)', async () => {
    const integrity = attestedIntegrity('pacote-valid-attestations.json');
    await publish('sigstore', '0.4.0', integrity, {
      sourceRepository: 'https://github.com/sigstore/sigstore-js',
    });
    const run = await world.verify(await installedProject('sigstore', '0.4.0', integrity));
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['provenance_invalid']);
    expect(run.report?.findings[0]?.evidence.check).toBe('subject_digest_mismatch');
  });
});
