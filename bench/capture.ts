// Capture and gate benchmarks, each beside its baseline measured in the same run:
// - capturing N real servers with mcpvet (captureServer: own transport, loose lists, validation,
//   fingerprints, process-group teardown) vs the bare SDK client listing the same servers;
// - a tools/call through `mcpvet exec` vs the same call made directly to the server.
// Run alone: node --import tsx bench/capture.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { type CaptureTarget, captureAll, captureServer } from '../verifier/capture/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const WEATHER = join(ROOT, 'test/fixtures/servers/weather.mjs');

type StdioTarget = Extract<CaptureTarget, { transport: 'stdio' }>;

function realServers(dir: string): StdioTarget[] {
  const pkg = (name: string) => join(ROOT, 'node_modules/@modelcontextprotocol', name, 'dist/index.js');
  return [
    { transport: 'stdio', command: process.execPath, args: [pkg('server-filesystem'), dir] },
    {
      transport: 'stdio',
      command: process.execPath,
      args: [pkg('server-memory')],
      env: { MEMORY_FILE_PATH: join(dir, 'm.jsonl') },
    },
    { transport: 'stdio', command: process.execPath, args: [pkg('server-sequential-thinking')] },
    { transport: 'stdio', command: process.execPath, args: [pkg('server-everything')] },
  ];
}

/** The bare SDK way: connect, list every advertised kind following cursors; ms to listed and to closed. */
async function listWithSdk(target: StdioTarget): Promise<{ listed: number; closed: number }> {
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: target.command,
    args: target.args,
    env: target.env,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'bench', version: '1' });
  await client.connect(transport);
  const caps = client.getServerCapabilities() ?? {};
  const all = async <T>(list: (cursor?: string) => Promise<{ nextCursor?: string } & T>) => {
    let cursor: string | undefined;
    do cursor = (await list(cursor)).nextCursor;
    while (cursor);
  };
  if (caps.tools) await all((cursor) => client.listTools({ cursor }));
  if (caps.prompts) await all((cursor) => client.listPrompts({ cursor }));
  if (caps.resources) {
    await all((cursor) => client.listResources({ cursor }));
    await all((cursor) => client.listResourceTemplates({ cursor }));
  }
  const listed = performance.now() - started;
  await client.close();
  return { listed, closed: performance.now() - started };
}

async function benchCapture(dir: string, rounds: number): Promise<Record<string, number>> {
  const targets = [...realServers(dir), ...realServers(dir)];
  let sdkListed = Number.POSITIVE_INFINITY;
  let sdkClosed = Number.POSITIVE_INFINITY;
  let ours = Number.POSITIVE_INFINITY;
  let oursParallel = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    let listed = 0;
    let closed = 0;
    for (const t of targets) {
      const m = await listWithSdk(t);
      listed += m.listed;
      closed += m.closed;
    }
    sdkListed = Math.min(sdkListed, listed);
    sdkClosed = Math.min(sdkClosed, closed);
    let t0 = performance.now();
    for (const t of targets) {
      const result = await captureServer(t);
      if (!result.ok) throw new Error(`capture failed: ${result.error?.message}`);
    }
    ours = Math.min(ours, performance.now() - t0);
    t0 = performance.now();
    await captureAll(targets, { concurrency: 4 });
    oursParallel = Math.min(oursParallel, performance.now() - t0);
  }
  return {
    'capture.servers': targets.length,
    'capture.sdk_list_ms': sdkListed,
    'capture.sdk_list_and_close_ms': sdkClosed,
    'capture.mcpvet_sequential_ms': ours,
    'capture.mcpvet_concurrency4_ms': oursParallel,
    'capture.ratio_to_sdk_list': ours / sdkListed,
    'capture.ratio_to_sdk_list_and_close': ours / sdkClosed,
  };
}

async function timeCalls(client: Client, calls: number): Promise<number> {
  for (let i = 0; i < 50; i++)
    await client.callTool({ name: 'get_forecast', arguments: { city: 'Oslo', days: 1 } });
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) {
    await client.callTool({ name: 'get_forecast', arguments: { city: 'Oslo', days: 1 } });
  }
  return ((performance.now() - t0) / calls) * 1000;
}

async function benchGate(dir: string, calls: number): Promise<Record<string, number>> {
  const vetted = await captureServer({ transport: 'stdio', command: process.execPath, args: [WEATHER] });
  const vettedFile = join(dir, 'vetted.json');
  writeFileSync(vettedFile, JSON.stringify(vetted.capabilities));
  const direct = new Client({ name: 'bench', version: '1' });
  await direct.connect(
    new StdioClientTransport({ command: process.execPath, args: [WEATHER], stderr: 'pipe' }),
  );
  const gated = new Client({ name: 'bench', version: '1' });
  await gated.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [
        '--import',
        'tsx',
        join(ROOT, 'verifier/cli/main.ts'),
        'exec',
        '--capabilities',
        vettedFile,
        '--',
        process.execPath,
        WEATHER,
      ],
      env: { MCPVET_CLI_MAIN: '1', PATH: process.env.PATH ?? '' },
      cwd: ROOT,
      stderr: 'ignore',
    }),
  );
  try {
    // interleaved rounds so drift in machine load hits both sides alike; best round of each
    let directUs = Number.POSITIVE_INFINITY;
    let gatedUs = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 3; r++) {
      directUs = Math.min(directUs, await timeCalls(direct, calls));
      gatedUs = Math.min(gatedUs, await timeCalls(gated, calls));
    }
    return {
      'gate.calls_per_round': calls,
      'gate.direct_us_per_call': directUs,
      'gate.gated_us_per_call': gatedUs,
      'gate.overhead_us_per_call': gatedUs - directUs,
      'gate.ratio_to_direct': gatedUs / directUs,
    };
  } finally {
    await direct.close();
    await gated.close();
  }
}

export async function runCaptureBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'mcpvet-bench-capture-'));
  try {
    return { ...(await benchCapture(dir, 3)), ...(await benchGate(dir, 500)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.table(await runCaptureBench());
