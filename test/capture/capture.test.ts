import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toSurfaceFingerprint } from '../../registry/fingerprint/index.js';
import { assertCapabilities } from '../../registry/records/index.js';
import { captureAll, captureServer, toServerEnvironment } from '../../verifier/capture/index.js';
import { diffCapabilities } from '../../verifier/drift/index.js';
import { broken, fixture, isRunning, startHttpFixture } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'mcpvet-capture-'));
const FAST = { timeoutMs: 2000 };
// a failing capture must end within its timeout plus the bounded kill sequence, never hang
const BOUND = FAST.timeoutMs + 2500;

describe('capture of a well-behaved server (weather fixture, stdio)', () => {
  it('enumerates tools, prompts, resources, templates, instructions and writes a valid document', async () => {
    const result = await captureServer(fixture('weather.mjs'), {
      now: () => new Date('2026-01-02T03:04:05Z'),
    });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    const doc = assertCapabilities(result.capabilities);
    expect(doc.serverInfo).toEqual({ name: 'fixture-weather', version: '1.0.0' });
    expect(doc.protocolVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(doc.serverCapabilities).toMatchObject({
      tools: { listChanged: true },
      prompts: {},
      resources: {},
    });
    expect(doc.instructions).toContain('travel planning');
    expect(doc.tools?.map((t) => t.name)).toEqual(['get_forecast', 'get_alerts', 'unlock']);
    expect(doc.tools?.[0]?.inputSchema).toMatchObject({ properties: { city: { maxLength: 64 } } });
    expect(doc.tools?.[0]?.annotations).toEqual({
      readOnlyHint: true,
      destructiveHint: false,
      openWorldHint: true,
    });
    expect(doc.prompts?.map((p) => p.name)).toEqual(['plan_trip']);
    expect(doc.resources?.map((r) => r.uri)).toEqual(['weather://stations']);
    expect(doc.resourceTemplates?.map((r) => r.uriTemplate)).toEqual(['weather://city/{name}']);
    expect(doc.capturedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(doc.fingerprint).toBe(await toSurfaceFingerprint(doc));
  });

  it('detects a rug pull between runs (description changes on the second start)', async () => {
    const env = { FIXTURE_STATE_FILE: join(tmp, 'rugpull-state') };
    const first = await captureServer(fixture('weather.mjs', [], env));
    const second = await captureServer(fixture('weather.mjs', [], env));
    expect(first.ok && second.ok).toBe(true);
    expect(second.capabilities?.fingerprint).not.toBe(first.capabilities?.fingerprint);
    const drift = diffCapabilities(first.capabilities ?? {}, second.capabilities ?? {});
    expect(drift.map((d) => `${d.severity} ${d.code} ${d.name}`)).toEqual([
      'high tool_description_changed get_forecast',
    ]);
    expect(drift[0]?.evidence.text?.added).toContain('~/.ssh/id_rsa');
  });

  it('detects a widened schema', async () => {
    const [v1, widened] = await captureAll([
      fixture('weather.mjs'),
      fixture('weather.mjs', [], { FIXTURE_VARIANT: 'widened' }),
    ]);
    const drift = diffCapabilities(v1?.capabilities ?? {}, widened?.capabilities ?? {});
    expect(drift.map((d) => `${d.severity} ${d.code} ${d.name} widened=${d.evidence.widened}`)).toEqual([
      'high tool_input_schema_changed get_alerts widened=true',
      'high tool_input_schema_changed get_forecast widened=true',
    ]);
  });

  it('reports a tool added mid-session (list_changed) and captures the later list', async () => {
    const result = await captureServer(fixture('weather.mjs', [], { FIXTURE_ADD_ON_INIT: '1' }));
    expect(result.ok).toBe(true);
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'list_changed_during_capture', severity: 'medium' }),
    ]);
    expect(result.capabilities?.tools?.map((t) => t.name)).toContain('run_shell');
  });

  it('passes only essentials and declared variables to the server', async () => {
    const base = {
      PATH: process.env.PATH,
      HOME: '/home/x',
      GITHUB_TOKEN: 'secret',
      AWS_SECRET_ACCESS_KEY: 's',
      NODE_OPTIONS: '--require /tmp/evil.js',
    };
    const env = toServerEnvironment({ WEATHER_API_KEY: 'k' }, base);
    expect(Object.keys(env).sort()).toEqual(['HOME', 'PATH', 'WEATHER_API_KEY']);
    const result = await captureServer(
      { ...broken('env'), env: { WEATHER_API_KEY: 'k' } },
      { baseEnv: base },
    );
    expect(result.capabilities?.instructions?.split(',')).toEqual(['HOME', 'PATH', 'WEATHER_API_KEY']);
  });
});

// concurrent: the hang cases wait out their timeouts side by side
describe.concurrent('capture of misbehaving servers: each failure has its own code', () => {
  it('times out a server that never answers', async () => {
    const result = await captureServer(broken('hang'), FAST);
    expect(result).toMatchObject({ ok: false, error: { code: 'timeout', evidence: { step: 'connect' } } });
    expect(result.durationMs).toBeLessThan(BOUND);
  });

  it('times out a server that hangs on tools/list, naming the step', async () => {
    const result = await captureServer(broken('hang-list'), FAST);
    expect(result.error).toMatchObject({ code: 'timeout', evidence: { step: 'tools/list' } });
  });

  it('reports a crash as server_failed with exit code and stderr', async () => {
    const result = await captureServer(broken('crash'), FAST);
    expect(result).toMatchObject({ ok: false, error: { code: 'server_failed' }, exit: { code: 3 } });
    expect(result.stderr).toContain('could not open database');
  });

  it('reports non-JSON output as protocol_error with the offending line', async () => {
    const result = await captureServer(broken('malformed'), FAST);
    expect(result.error).toMatchObject({
      code: 'protocol_error',
      evidence: { line: 'Server starting... {oops' },
    });
  });

  it('reports JSON that is not JSON-RPC as protocol_error', async () => {
    const result = await captureServer(broken('not-jsonrpc'), FAST);
    expect(result.error?.code).toBe('protocol_error');
    expect(result.error?.message).toContain('not a JSON-RPC');
  });

  it('caps a huge tool list with a finding, following cursors', async () => {
    const result = await captureServer(broken('huge', '3000'), { ...FAST, maxItems: 1200 });
    expect(result.ok).toBe(true);
    expect(result.capabilities?.tools).toHaveLength(1200);
    expect(result.capabilities?.tools?.[1199]?.name).toBe('tool_001199');
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'capture_capped', severity: 'medium' }),
    ]);
    const all = await captureServer(broken('huge', '1700'), FAST);
    expect(all.capabilities?.tools).toHaveLength(1700);
    expect(all.findings).toEqual([]);
  });

  it('rejects a message over the size limit as protocol_error', async () => {
    const result = await captureServer(broken('huge-message'), FAST);
    expect(result.error?.code).toBe('protocol_error');
    expect(result.error?.message).toMatch(/larger than 8388608 bytes/);
  });

  it('stops following a cursor that loops', async () => {
    const result = await captureServer(broken('cursor-loop'), FAST);
    expect(result.ok).toBe(true);
    expect(result.findings.map((f) => f.code)).toEqual(['pagination_loop']);
  });

  it('reports a list that breaks the capabilities schema as protocol_error with the issues', async () => {
    const result = await captureServer(broken('invalid-tool'), FAST);
    expect(result.error).toMatchObject({
      code: 'protocol_error',
      evidence: {
        issues: [expect.objectContaining({ path: '/tools/0', rule: 'capabilities.tools.required' })],
      },
    });
  });

  it('kills the whole process group of a server that ignores SIGTERM', async () => {
    const pidFile = join(tmp, 'grandchild.pid');
    const result = await captureServer(broken('stubborn', pidFile), FAST);
    expect(result.error?.code).toBe('timeout');
    expect(result.exit?.signal).toBe('SIGKILL');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    // SIGKILL is delivered asynchronously: give the kernel a moment to finish the grandchild off
    for (let i = 0; i < 50 && isRunning(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    expect(isRunning(grandchild)).toBe(false);
    expect(result.durationMs).toBeLessThan(BOUND);
  });

  it('keeps only the tail of a flood of stderr', async () => {
    const result = await captureServer(broken('stderr-flood'), FAST);
    expect(result.error?.code).toBe('server_failed');
    expect(result.stderrTruncated).toBe(true);
    expect(result.stderr.length).toBeLessThanOrEqual(64 * 1024);
    expect(result.stderr).toMatch(/last words: out of memory\n$/);
  });

  it('reports a command that does not exist as server_failed', async () => {
    const result = await captureServer({ transport: 'stdio', command: join(tmp, 'no-such-server') }, FAST);
    expect(result.error?.code).toBe('server_failed');
    expect(result.error?.message).toContain('ENOENT');
  });

  it('captures many servers with bounded concurrency, each with its own result, in order', async () => {
    const targets = [
      broken('crash'),
      fixture('weather.mjs'),
      broken('malformed'),
      broken('hang'),
      broken('cursor-loop'),
    ];
    const seen: number[] = [];
    const results = await captureAll(targets, { ...FAST, concurrency: 2, onResult: (_r, i) => seen.push(i) });
    expect(results.map((r) => r.error?.code ?? 'ok')).toEqual([
      'server_failed',
      'ok',
      'protocol_error',
      'timeout',
      'ok',
    ]);
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('capture over HTTP on 127.0.0.1', () => {
  const children: { kill: () => void }[] = [];
  afterAll(() => {
    for (const c of children) c.kill();
  });

  it('captures streamable HTTP and SSE with the same fingerprint as stdio', async () => {
    const streamable = await startHttpFixture('streamable');
    const sse = await startHttpFixture('sse');
    children.push(streamable.child, sse.child);
    const [viaStdio, viaHttp, viaSse] = await captureAll([
      fixture('weather.mjs'),
      { transport: 'streamable-http', url: streamable.url },
      { transport: 'sse', url: sse.url },
    ]);
    expect(viaHttp?.error).toBeUndefined();
    expect(viaSse?.error).toBeUndefined();
    expect(viaHttp?.capabilities?.tools?.map((t) => t.name)).toEqual([
      'get_forecast',
      'get_alerts',
      'unlock',
    ]);
    expect(viaHttp?.capabilities?.fingerprint).toBe(viaStdio?.capabilities?.fingerprint);
    expect(viaSse?.capabilities?.fingerprint).toBe(viaStdio?.capabilities?.fingerprint);
  });

  it('reports a refused connection as server_failed', async () => {
    const result = await captureServer({ transport: 'streamable-http', url: 'http://127.0.0.1:9/mcp' }, FAST);
    expect(result.error?.code).toBe('server_failed');
  });
});
