import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../registry/api/index.js';
import { createStoreSink, fetchOfficialRecords, importRecords } from '../../registry/import/index.js';
import { type RunningRegistry, startRegistry } from '../../registry/node/index.js';
import { openSqliteStore } from '../../registry/sqlite/index.js';
import { runCli } from '../../verifier/cli/main.js';
import { approveInStore } from '../official/approve.js';
import { captureIO } from '../sigstore/cli-io.js';
import { ALL, EMPTY_REPOSITORY, VALID_NPM, VALID_PYPI } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN = `import-admin-${'y'.repeat(40)}`;

let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mcpvet-import-'));
  file = join(dir, 'servers.json');
  writeFileSync(file, JSON.stringify(ALL));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('importRecords into a store', () => {
  it('imports valid records as submitted, rejects the rest by rule, and is idempotent', async () => {
    const { store } = await openSqliteStore(join(dir, 'store-sink', 'registry.db'));
    try {
      const sink = createStoreSink(store, { actor: 'import:test' });
      const first = await importRecords(ALL, sink, { concurrency: 3 });
      expect({ ...first, rejections: undefined }).toEqual({
        total: 5,
        imported: 3,
        alreadyPresent: 0,
        rejected: 2,
        rejectedByRule: {
          'release.version.pattern': 1,
          'release.packages.environmentVariables.name.minLength': 1,
          'release.packages.version.pattern': 1,
        },
        changes: { 'import.repository.empty': 1 },
        rejections: undefined,
      });
      expect(first.rejections.map((r) => `${r.index} ${r.name}@${r.version}`)).toEqual([
        '3 io.github.sandbox/ipybox@auto',
        '4 io.github.mobile/mobile-mcp@0.0.26',
      ]);
      const stored = await store.getRelease('io.github.acme/airtable', '1.7.2');
      expect(stored?.status).toBe('submitted');
      expect(stored?.document).toEqual(VALID_NPM.server);
      expect(stored?.publishedBy).toBe('import:test');
      expect((await store.getRelease('app.getdialer/dialer', '1.0.0'))?.document.repository).toBeUndefined();

      const again = await importRecords(ALL, sink);
      expect([again.imported, again.alreadyPresent, again.rejected]).toEqual([0, 3, 2]);
      expect((await store.listReleases('io.github.acme/airtable')).length).toBe(1);

      // the same version with other content is refused, never replaced: versions are immutable
      const changed = { ...VALID_PYPI, server: { ...VALID_PYPI.server, description: 'Something else' } };
      const conflict = await importRecords([changed], sink);
      expect(conflict.rejectedByRule).toEqual({ 'import.conflict': 1 });
      expect(
        (await store.getRelease('io.github.someone/reddit-research', '0.1.1'))?.document.description,
      ).toBe('Structured insights from Reddit');
      const audit = await store.listAudit({ limit: 10 });
      expect(audit.items.some((e) => e.actor === 'import:test' && e.action === 'release.publish')).toBe(true);
    } finally {
      await store.close();
    }
  });
});

describe('mcpvet import official over HTTP', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startRegistry({
      host: '127.0.0.1',
      port: 0,
      dataDir: join(dir, 'http'),
      adminToken: ADMIN,
    });
  });
  afterAll(async () => {
    await registry.close();
  });

  it('publishes through POST /v1/releases, prints counts, and reports re-imports as already present', async () => {
    const io = captureIO(dir, { MCPVET_TOKEN: ADMIN });
    expect(await runCli(['import', 'official', file, '--registry', registry.url], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('mcpvet import: 5 records from servers.json');
    expect(out).toMatch(/imported\s+3\n/);
    expect(out).toMatch(/already present\s+0\n/);
    expect(out).toMatch(/rejected\s+2\n/);
    expect(out).toMatch(
      /release\.version\.pattern\s+1\s+e\.g\. io\.github\.sandbox\/ipybox@auto \/version: /,
    );
    expect(out).toMatch(/import\.repository\.empty\s+1/);
    const listed = await (await fetch(`${registry.url}/v1/servers`)).json();
    expect(listed.servers.map((s: { name: string }) => s.name)).toEqual([
      'app.getdialer/dialer',
      'io.github.acme/airtable',
      'io.github.someone/reddit-research',
    ]);

    const again = captureIO(dir, { MCPVET_TOKEN: ADMIN });
    expect(await runCli(['import', 'official', file, '--registry', registry.url, '--json'], again)).toBe(0);
    const report = JSON.parse(again.out());
    expect([report.total, report.imported, report.alreadyPresent, report.rejected]).toEqual([5, 0, 3, 2]);
  });

  it('applies namespace permissions per record', async () => {
    const created = await fetch(`${registry.url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'publisher', namespaces: ['io.github.acme/*'], subject: 'acme' }),
    });
    const { token } = await created.json();
    const records = [
      { ...VALID_NPM, server: { ...VALID_NPM.server, version: '1.7.3' } },
      { ...EMPTY_REPOSITORY, server: { ...EMPTY_REPOSITORY.server, version: '1.0.1' } },
    ];
    const scoped = join(dir, 'scoped.json');
    writeFileSync(scoped, JSON.stringify(records));
    const io = captureIO(dir, { MCPVET_TOKEN: token });
    expect(await runCli(['import', 'official', scoped, '--registry', registry.url, '--json'], io)).toBe(0);
    const report = JSON.parse(io.out());
    expect(report.imported).toBe(1);
    expect(report.rejectedByRule).toEqual({ 'registry.forbidden': 1 });
    expect(report.rejections[0].name).toBe('app.getdialer/dialer');
  });

  it('stops with exit 2 when the token is refused, and 3 when the registry is unreachable', async () => {
    const bad = captureIO(dir, { MCPVET_TOKEN: 'mvt_nope' });
    expect(await runCli(['import', 'official', file, '--registry', registry.url], bad)).toBe(2);
    expect(bad.err()).toContain('401');
    const down = captureIO(dir, { MCPVET_TOKEN: ADMIN });
    expect(await runCli(['import', 'official', file, '--registry', 'http://127.0.0.1:9'], down)).toBe(3);
  });

  it('refuses bad usage', async () => {
    for (const argv of [
      ['import'],
      ['import', 'docker', file],
      ['import', 'official', file, '--updated-since', 'soon'],
      ['import', 'official', file, '--registry', registry.url, '--data-dir', dir],
      ['import', 'official', join(dir, 'missing.json')],
    ]) {
      expect(await runCli(argv, captureIO(dir, {})), argv.join(' ')).toBe(2);
    }
  });
});

describe('importing from an official-registry-compatible API', () => {
  it('follows metadata.nextCursor through every page of /v0.1/servers', async () => {
    const { store } = await openSqliteStore(join(dir, 'source', 'registry.db'));
    try {
      await importRecords(ALL, createStoreSink(store, { actor: 'seed' }));
      for (const [name, version] of [
        ['io.github.acme/airtable', '1.7.2'],
        ['app.getdialer/dialer', '1.0.0'],
        ['io.github.someone/reddit-research', '0.1.1'],
      ] as const) {
        await approveInStore(store, name, version, new Date().toISOString());
      }
      const app = createApp({ store });
      const pages: Array<{ count: number; nextCursor: string | null }> = [];
      const records = await fetchOfficialRecords('http://source.test', {
        limit: 1,
        fetch: async (url, init) => app.request(new Request(url, init)),
        onPage: (p) => pages.push({ count: p.count, nextCursor: p.nextCursor }),
      });
      expect(pages).toEqual([
        { count: 1, nextCursor: 'app.getdialer/dialer:1.0.0' },
        { count: 1, nextCursor: 'io.github.acme/airtable:1.7.2' },
        { count: 1, nextCursor: null },
      ]);
      // what an mcpvet registry serves on v0.1 imports back into another as the same releases
      const { store: target } = await openSqliteStore(join(dir, 'target', 'registry.db'));
      try {
        const report = await importRecords(records, createStoreSink(target, { actor: 'mirror' }));
        expect([report.imported, report.rejected]).toEqual([3, 0]);
        expect((await target.getRelease('io.github.acme/airtable', '1.7.2'))?.document).toEqual(
          VALID_NPM.server,
        );
      } finally {
        await target.close();
      }
    } finally {
      await store.close();
    }
  });
});

describe('the real binary', () => {
  it('imports into a local data dir', async () => {
    const dataDir = join(dir, 'binary');
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(ROOT, 'verifier/cli/main.ts'),
          'import',
          'official',
          file,
          '--data-dir',
          dataDir,
        ],
        { cwd: ROOT, env: { ...process.env, MCPVET_CLI_MAIN: '1' } },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/imported\s+3\n/);
    const { store } = await openSqliteStore(join(dataDir, 'registry.db'));
    try {
      expect((await store.getRelease('io.github.acme/airtable', '1.7.2'))?.status).toBe('submitted');
    } finally {
      await store.close();
    }
  });
});
