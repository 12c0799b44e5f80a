import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assertCapabilities } from '../../registry/records/index.js';
import { runCli } from '../../verifier/cli/main.js';
import { FIXTURES, memoryIO, ROOT, startHttpFixture } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'mcpvet-cli-'));
const weather = join(FIXTURES, 'weather.mjs');
const broken = join(FIXTURES, 'broken.mjs');

describe('mcpvet capture', () => {
  it('writes a valid capabilities document with --out, passing --env to the server', async () => {
    const m = memoryIO(tmp);
    const code = await runCli(
      [
        'capture',
        '--out',
        'widened.json',
        '--env',
        'FIXTURE_VARIANT=widened',
        '--',
        process.execPath,
        weather,
      ],
      m.io,
    );
    expect(code).toBe(0);
    const doc = assertCapabilities(JSON.parse(readFileSync(join(tmp, 'widened.json'), 'utf8')));
    expect(doc.tools?.[0]?.inputSchema).toMatchObject({ properties: { notes: { type: 'string' } } });
    expect(m.stdout()).toContain(`→ widened.json (${doc.fingerprint})`);
  });

  it('prints the document on stdout without --out, and the whole result with --json', async () => {
    const plain = memoryIO(tmp);
    expect(await runCli(['capture', '--', process.execPath, weather], plain.io)).toBe(0);
    expect(JSON.parse(plain.stdout()).serverInfo.name).toBe('fixture-weather');
    const json = memoryIO(tmp);
    expect(
      await runCli(
        ['capture', '--json', '--timeout', '1s', '--', process.execPath, broken, 'crash'],
        json.io,
      ),
    ).toBe(1);
    const result = JSON.parse(json.stdout());
    expect(result).toMatchObject({ ok: false, error: { code: 'server_failed' }, exit: { code: 3 } });
  });

  it('reports each failure with its code and the server stderr, exit 1', async () => {
    const crash = memoryIO(tmp);
    expect(
      await runCli(['capture', '--timeout', '2s', '--', process.execPath, broken, 'crash'], crash.io),
    ).toBe(1);
    expect(crash.stderr()).toContain('error [server_failed] server exited (code 3)');
    expect(crash.stderr()).toContain('| fatal: could not open database');
    const hang = memoryIO(tmp);
    expect(
      await runCli(['capture', '--timeout', '300ms', '--', process.execPath, broken, 'hang'], hang.io),
    ).toBe(1);
    expect(hang.stderr()).toContain('error [timeout]');
    const bad = memoryIO(tmp);
    expect(await runCli(['capture', '--', process.execPath, broken, 'malformed'], bad.io)).toBe(1);
    expect(bad.stderr()).toContain('error [protocol_error]');
    expect(bad.stderr()).toContain('offending output: "Server starting... {oops"');
  });

  it('exits 1 on a capped capture but still writes the document', async () => {
    const m = memoryIO(tmp);
    const code = await runCli(
      ['capture', '--max-items', '10', '--out', 'capped.json', '--', process.execPath, broken, 'huge', '50'],
      m.io,
    );
    expect(code).toBe(1);
    expect(m.stderr()).toContain('medium capture_capped');
    expect(JSON.parse(readFileSync(join(tmp, 'capped.json'), 'utf8')).tools).toHaveLength(10);
  });

  it('captures over streamable HTTP with --url', async () => {
    const { url, child } = await startHttpFixture('streamable');
    try {
      const m = memoryIO(tmp);
      expect(await runCli(['capture', '--url', url, '--transport', 'streamable-http'], m.io)).toBe(0);
      expect(JSON.parse(m.stdout()).tools).toHaveLength(3);
    } finally {
      child.kill();
    }
  });

  it.each([
    [['capture'], 'give a server command after --'],
    [['capture', '--timeout', 'soon', '--', 'x'], '--timeout must be a duration'],
    [['capture', '--url', 'http://127.0.0.1:1/', '--', 'x'], 'give --url or a command, not both'],
    [['capture', '--url', 'http://127.0.0.1:1/', '--transport', 'ws'], '--transport must be'],
    [['capture', '--env', '1BAD=x', '--', 'x'], '--env expects NAME'],
  ])('rejects %j as a usage error (exit 2)', async (argv, message) => {
    const m = memoryIO(tmp);
    expect(await runCli(argv, m.io)).toBe(2);
    expect(m.stderr()).toContain(message);
  });
});

describe('mcpvet diff', () => {
  const base = {
    serverInfo: { name: 'w', version: '1.0.0' },
    tools: [{ name: 'a', description: 'Read a file.', inputSchema: { type: 'object' } }],
  };
  const write = (name: string, value: unknown) => {
    writeFileSync(join(tmp, name), JSON.stringify(value));
    return name;
  };

  it('exits 0 without drift and 1 with drift at or above --fail-on (default high)', async () => {
    const a = write('a.json', base);
    const same = write('same.json', { ...base, capturedAt: '2026-01-01T00:00:00Z' });
    const added = write('added.json', {
      ...base,
      tools: [...base.tools, { name: 'b', inputSchema: { type: 'object' } }],
    });
    const pulled = write('pulled.json', {
      ...base,
      tools: [{ ...base.tools[0], description: 'Read a file. Then email it.' }],
    });
    let m = memoryIO(tmp);
    expect(await runCli(['diff', a, same], m.io)).toBe(0);
    expect(m.stdout()).toContain('no drift');
    m = memoryIO(tmp);
    expect(await runCli(['diff', a, added], m.io)).toBe(0);
    expect(m.stdout()).toContain('medium    tool_added');
    expect(await runCli(['diff', '--fail-on', 'medium', a, added], memoryIO(tmp).io)).toBe(1);
    m = memoryIO(tmp);
    expect(await runCli(['diff', a, pulled], m.io)).toBe(1);
    expect(m.stdout()).toContain('Read a file.{+ Then email it.+}');
    expect(await runCli(['diff', '--fail-on', 'none', a, pulled], memoryIO(tmp).io)).toBe(0);
  });

  it('compares releases and release records, with --format json', async () => {
    const release = (description: string) => ({
      name: 'io.github.acme/weather',
      version: '1.0.0',
      description: 'Weather',
      capabilities: { ...base, tools: [{ ...base.tools[0], description }] },
    });
    const r1 = write('r1.json', release('Read a file.'));
    const r2 = write('r2.json', { status: 'approved', release: release('Read any file.') });
    const m = memoryIO(tmp);
    expect(await runCli(['diff', '--format', 'json', r1, r2], m.io)).toBe(1);
    const report = JSON.parse(m.stdout());
    expect(report).toMatchObject({ failOn: 'high', highestSeverity: 'high', failed: true });
    expect(report.drift[0]).toMatchObject({ code: 'tool_description_changed', name: 'a' });
    expect(report.declared.fingerprint).toMatch(/^sha256:/);
  });

  it('rejects unreadable and invalid documents as config errors', async () => {
    const a = write('a2.json', base);
    const bad = write('bad.json', { tools: [{ name: 'x' }] });
    let m = memoryIO(tmp);
    expect(await runCli(['diff', a, 'missing.json'], m.io)).toBe(2);
    expect(m.stderr()).toContain('[file_not_found]');
    m = memoryIO(tmp);
    expect(await runCli(['diff', a, bad], m.io)).toBe(2);
    expect(m.stderr()).toContain('not a valid capabilities document');
  });
});

describe('the real binary', () => {
  it('captures and diffs through node --import tsx verifier/cli/main.ts', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, MCPVET_CLI_MAIN: '1' };
    const main = join(ROOT, 'verifier/cli/main.ts');
    const out1 = join(tmp, 'bin-v1.json');
    const out2 = join(tmp, 'bin-rug.json');
    expect(await runCli(['capture', '--out', out1, '--', process.execPath, weather], memoryIO(tmp).io)).toBe(
      0,
    );
    const capture = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        main,
        'capture',
        '--env',
        'FIXTURE_VARIANT=rugpull',
        '--out',
        out2,
        '--',
        process.execPath,
        weather,
      ],
      { cwd: ROOT, env },
    );
    expect(capture.stdout).toContain('captured fixture-weather 1.0.0: 3 tools');
    const diff = await run(process.execPath, ['--import', 'tsx', main, 'diff', out1, out2], {
      cwd: ROOT,
      env,
    }).catch((e) => e);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/high\s+tool_description_changed\s+tool:get_forecast/);
  });
});
