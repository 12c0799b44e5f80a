import { describe, expect, it } from 'vitest';
import {
  type CheckResult,
  checkAgainstRegistry,
  checkPinning,
  checkServers,
  checkVerifiable,
} from '../../verifier/checks/index.js';
import type { DiscoveredServer } from '../../verifier/discovery/index.js';
import { type Identity, identifyEntry, type Resolution } from '../../verifier/identity/index.js';
import { candidates, npmPackage, REGISTRY, record, sri } from './records.js';

const ctx = { cwd: '/p', home: '/h' };

function npx(spec: string): Identity {
  return identifyEntry({ transport: 'stdio', command: 'npx', args: ['-y', spec], env: {} }, ctx);
}

function resolved(version: string, integrity: string | null, tarballIntegrity?: string): Resolution {
  return {
    status: 'resolved',
    version,
    integrity,
    source: 'npm-registry',
    ...(tarballIntegrity ? { tarballIntegrity } : {}),
  };
}

const NAME = 'io.github.acme/weather';
const PKG = '@acme/weather-mcp';
const history = [
  record(NAME, '1.0.0', 'revoked', [npmPackage(PKG, '1.0.0', sri('a'))], [], 'credential exfiltration'),
  record(NAME, '1.1.0', 'deprecated', [npmPackage(PKG, '1.1.0', sri('b'))]),
  record(NAME, '1.2.0', 'approved', [npmPackage(PKG, '1.2.0', sri('c'))]),
  record(NAME, '1.3.0', 'submitted', [npmPackage(PKG, '1.3.0', sri('d'))]),
  record(NAME, '1.4.0', 'rejected', [npmPackage(PKG, '1.4.0', sri('e'))]),
];

function codes(results: CheckResult[]): string[] {
  return results.map((r) => r.code);
}

function check(spec: string, resolution: Resolution, records = history) {
  const identity = npx(spec);
  return checkAgainstRegistry(identity, resolution, candidates(identity, records));
}

describe('checkAgainstRegistry (npm)', () => {
  it('passes an approved version whose integrity and tarball match the record', () => {
    const { results, match } = check(`${PKG}@1.2.0`, resolved('1.2.0', sri('c'), sri('c')));
    expect(results).toEqual([]);
    expect(match?.record.version).toBe('1.2.0');
    expect(match?.registry).toBe(REGISTRY);
  });

  it('blocks an unlisted package', () => {
    const { results, match } = check('other-mcp@1.0.0', resolved('1.0.0', sri('z')));
    expect(match).toBeNull();
    expect(results).toEqual([
      {
        code: 'unlisted',
        severity: 'high',
        message: 'npm:other-mcp@1.0.0 is not in the registry',
        evidence: { registryType: 'npm', identifier: 'other-mcp' },
      },
    ]);
  });

  it('reports a revoked release as critical, with the reason and the newest approved release', () => {
    const { results } = check(`${PKG}@1.0.0`, resolved('1.0.0', sri('a')));
    expect(codes(results)).toEqual(['revoked']);
    expect(results[0]?.severity).toBe('critical');
    expect(results[0]?.message).toContain('credential exfiltration');
    expect(results[0]?.message).toContain(`${NAME} 1.2.0 (package 1.2.0)`);
    expect(results[0]?.evidence).toMatchObject({
      status: 'revoked',
      newestApproved: { server: NAME, version: '1.2.0', packageVersion: '1.2.0' },
    });
  });

  it('reports deprecated (medium) and submitted or rejected (not_approved, high)', () => {
    expect(
      check(`${PKG}@1.1.0`, resolved('1.1.0', sri('b'))).results.map((r) => [r.code, r.severity]),
    ).toEqual([['deprecated', 'medium']]);
    const submitted = check(`${PKG}@1.3.0`, resolved('1.3.0', sri('d'))).results;
    expect(submitted.map((r) => [r.code, r.severity])).toEqual([['not_approved', 'high']]);
    expect(submitted[0]?.message).toContain('not yet approved');
    expect(check(`${PKG}@1.4.0`, resolved('1.4.0', sri('e'))).results[0]?.message).toContain('rejected');
  });

  it('names the newest approved release when the version is not in the registry', () => {
    const { results } = check(`${PKG}@9.9.9`, resolved('9.9.9', sri('f')));
    expect(codes(results)).toEqual(['version_not_approved']);
    expect(results[0]?.message).toBe(
      `${PKG} 9.9.9 is not a release in the registry; the newest approved release is ${NAME} 1.2.0 (package 1.2.0)`,
    );
  });

  it('uses the version an unpinned spec resolves to', () => {
    expect(check(PKG, resolved('1.2.0', sri('c'))).results).toEqual([]);
    expect(codes(check(PKG, resolved('1.3.0', sri('d'))).results)).toEqual(['not_approved']);
  });

  it('flags a packument or tarball digest that differs from the record', () => {
    const packument = check(`${PKG}@1.2.0`, resolved('1.2.0', sri('x'), sri('x'))).results;
    expect(packument.map((r) => [r.code, r.severity])).toEqual([['digest_mismatch', 'critical']]);
    expect(packument[0]?.evidence).toMatchObject({ expected: sri('c'), integrity: sri('x') });
    const tarball = check(`${PKG}@1.2.0`, resolved('1.2.0', sri('c'), sri('y'))).results;
    expect(codes(tarball)).toEqual(['digest_mismatch']);
    expect(tarball[0]?.message).toContain(sri('y'));
  });

  it('accepts a lockfile integrity that lists several hashes', () => {
    expect(check(`${PKG}@1.2.0`, resolved('1.2.0', `${sri('c')} sha1-abc=`)).results).toEqual([]);
  });

  it('cannot verify the digest without one on either side', () => {
    const noLocal = check(`${PKG}@1.2.0`, resolved('1.2.0', null)).results;
    expect(noLocal.map((r) => [r.code, r.severity])).toEqual([['digest_unverified', 'medium']]);
    const noRecord = check('x-mcp@1.0.0', resolved('1.0.0', sri('a')), [
      record('io.x/y', '1.0.0', 'approved', [npmPackage('x-mcp', '1.0.0')]),
    ]);
    expect(noRecord.results.map((r) => [r.code, r.severity])).toEqual([['digest_unverified', 'low']]);
  });

  it('lets one revocation win over an approval of the same package version elsewhere', () => {
    const records = [
      record('io.a/one', '1.0.0', 'approved', [npmPackage('shared', '2.0.0', sri('s'))]),
      record('io.b/two', '3.0.0', 'revoked', [npmPackage('shared', '2.0.0', sri('s'))]),
    ];
    expect(codes(check('shared@2.0.0', resolved('2.0.0', sri('s')), records).results)).toEqual(['revoked']);
  });

  it('reports unresolved when the version is unknown but the package is listed', () => {
    const identity = identifyEntry({ transport: 'stdio', command: 'uvx', args: ['py-mcp'], env: {} }, ctx);
    const records = [
      record('io.py/x', '1.0.0', 'approved', [
        { registryType: 'pypi', identifier: 'Py_MCP', version: '1.0.0', transport: { type: 'stdio' } },
      ]),
    ];
    const resolution: Resolution = { status: 'resolved', version: null, integrity: null, source: 'config' };
    const { results } = checkAgainstRegistry(identity, resolution, candidates(identity, records));
    expect(codes(results)).toEqual(['unresolved']);
  });
});

describe('checkAgainstRegistry (OCI, PyPI, remotes)', () => {
  const digest = `sha256:${'1'.repeat(64)}`;
  const other = `sha256:${'2'.repeat(64)}`;
  const oci = record('io.acme/tools', '2.0.0', 'approved', [
    { registryType: 'oci', identifier: `ghcr.io/acme/tools:2.0.0`, digest, transport: { type: 'stdio' } },
  ]);

  function docker(image: string): Identity {
    return identifyEntry({ transport: 'stdio', command: 'docker', args: ['run', '-i', image], env: {} }, ctx);
  }

  it('matches an image by digest and flags a different digest', () => {
    const ok = docker(`ghcr.io/acme/tools@${digest}`);
    const r1 = checkAgainstRegistry(
      ok,
      { status: 'resolved', version: null, integrity: digest, source: 'config' },
      candidates(ok, [oci]),
    );
    expect(r1.results).toEqual([]);
    const bad = docker(`ghcr.io/acme/tools:2.0.0@${other}`);
    const r2 = checkAgainstRegistry(
      bad,
      { status: 'resolved', version: '2.0.0', integrity: other, source: 'config' },
      candidates(bad, [oci]),
    );
    expect(codes(r2.results)).toEqual(['digest_mismatch']);
  });

  it('cannot compare an image named only by tag', () => {
    const tagged = docker('ghcr.io/acme/tools:2.0.0');
    const r = checkAgainstRegistry(
      tagged,
      { status: 'resolved', version: '2.0.0', integrity: null, source: 'config' },
      candidates(tagged, [oci]),
    );
    expect(r.results.map((x) => [x.code, x.severity])).toEqual([['digest_unverified', 'medium']]);
  });

  it('matches PyPI names after PEP 503 normalization and notes the digest it cannot hash', () => {
    const id = identifyEntry(
      { transport: 'stdio', command: 'uvx', args: ['mcp_server.fetch==1.0.0'], env: {} },
      ctx,
    );
    const rec = record('io.py/fetch', '1.0.0', 'approved', [
      {
        registryType: 'pypi',
        identifier: 'mcp-server-fetch',
        version: '1.0.0',
        digest: `sha256:${'3'.repeat(64)}`,
        transport: { type: 'stdio' },
      },
    ]);
    const r = checkAgainstRegistry(
      id,
      { status: 'resolved', version: '1.0.0', integrity: null, source: 'config' },
      candidates(id, [rec]),
    );
    expect(r.match?.record.name).toBe('io.py/fetch');
    expect(codes(r.results)).toEqual(['digest_unverified']);
  });

  it('matches remotes by URL (trailing slash, host case, {variables}) and reports their status', () => {
    const remote = record(
      'io.acme/remote',
      '1.0.0',
      'approved',
      [],
      [{ type: 'streamable-http', url: 'https://MCP.acme.dev/mcp/' }],
    );
    const tenant = record(
      'io.acme/tenant',
      '1.0.0',
      'revoked',
      [],
      [{ type: 'sse', url: 'https://{tenant}.acme.dev/sse' }],
    );
    const id: Identity = { kind: 'remote', url: 'https://mcp.acme.dev/mcp', transport: 'http' };
    expect(
      checkAgainstRegistry(id, { status: 'not_applicable' }, candidates(id, [remote, tenant])).results,
    ).toEqual([]);
    const t: Identity = { kind: 'remote', url: 'https://blue.acme.dev/sse', transport: 'sse' };
    expect(
      codes(checkAgainstRegistry(t, { status: 'not_applicable' }, candidates(t, [remote, tenant])).results),
    ).toEqual(['revoked']);
    const u: Identity = { kind: 'remote', url: 'https://evil.example/mcp', transport: 'http' };
    expect(
      codes(checkAgainstRegistry(u, { status: 'not_applicable' }, candidates(u, [remote, tenant])).results),
    ).toEqual(['unlisted']);
  });
});

describe('pinning and verifiability', () => {
  it('makes unpinned high when pinning is required and low otherwise', () => {
    const id = npx(`${PKG}@latest`);
    const strict = checkPinning(id, resolved('1.2.0', null), true);
    expect(strict.map((r) => [r.code, r.severity])).toEqual([['unpinned', 'high']]);
    expect(strict[0]?.message).toContain('today it resolves to 1.2.0');
    expect(checkPinning(id, resolved('1.2.0', null), false)[0]?.severity).toBe('low');
    expect(checkPinning(npx(`${PKG}@1.2.0`), resolved('1.2.0', null), true)).toEqual([]);
  });

  it('fails closed on local programs and unknown launchers', () => {
    expect(checkVerifiable({ kind: 'local', path: '/x', launcher: null }).map((r) => r.code)).toEqual([
      'unverifiable',
    ]);
    expect(checkVerifiable({ kind: 'unknown', command: 'python', reason: 'r' })[0]?.severity).toBe('high');
    expect(checkVerifiable(npx('a@1.0.0'))).toEqual([]);
  });
});

describe('checkServers', () => {
  function server(name: string, args: string[]): DiscoveredServer {
    return {
      id: name,
      name,
      client: 'cursor',
      scope: 'project',
      location: { file: '/p/.cursor/mcp.json', line: 3, column: 5 },
      entry: { transport: 'stdio', command: 'npx', args, env: {} },
      disabled: false,
    };
  }

  it('identifies, resolves once per package, and checks every server in order', async () => {
    const servers = [
      server('a', ['-y', `${PKG}@1.2.0`]),
      server('b', ['-y', `${PKG}@1.2.0`]),
      server('c', ['-y', 'unlisted-mcp']),
      server('d', ['./local.js']),
    ];
    let resolveCalls = 0;
    const progress: number[] = [];
    const outcomes = await checkServers(
      servers,
      ctx,
      {
        resolve: async (identity) => {
          resolveCalls++;
          if (identity.kind === 'package' && identity.identifier === PKG)
            return resolved('1.2.0', sri('c'), sri('c'));
          return { status: 'unresolved', reason: 'E404' };
        },
        find: async (identity) => candidates(identity, history),
        onProgress: (done) => progress.push(done),
      },
      { requirePinning: true },
    );
    expect(outcomes.map((o) => [o.server.name, codes(o.results)])).toEqual([
      ['a', []],
      ['b', []],
      ['c', ['unpinned', 'unresolved', 'unlisted']],
      ['d', ['unverifiable']],
    ]);
    expect(resolveCalls).toBe(2);
    expect(progress.sort()).toEqual([1, 2, 3, 4]);
    expect(outcomes[0]?.match?.record.version).toBe('1.2.0');
  });
});
