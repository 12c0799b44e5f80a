import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeRelease } from '../helpers/registry-client.js';
import { startRegistryProcess } from '../helpers/registry-process.js';

const ADMIN = `load-admin-${'l'.repeat(40)}`;
const SECONDS = Number(process.env.MCPVET_LOAD_SECONDS ?? 60);
const dir = mkdtempSync(join(tmpdir(), 'mcpvet-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

describe('sustained mixed load', () => {
  it(`serves ${SECONDS} s of concurrent reads and writes with no errors`, async () => {
    const registry = await startRegistryProcess(join(dir, 'data'), { MCPVET_ADMIN_TOKEN: ADMIN });
    const pid = registry.child.pid as number;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` };
    const reviewer = await (
      await fetch(`${registry.url}/v1/tokens`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ role: 'reviewer', subject: 'load-reviewer' }),
      })
    ).json();
    const reviewerHeaders = { 'content-type': 'application/json', authorization: `Bearer ${reviewer.token}` };
    const rssStart = rssMiB(pid);
    const deadline = Date.now() + SECONDS * 1000;
    const counts = { reads: 0, lists: 0, publishes: 0, approvals: 0, errors: 0 };
    const errors: string[] = [];
    let seq = 0;
    const worker = async (w: number) => {
      while (Date.now() < deadline) {
        const i = seq++;
        const name = `io.github.load/w${w}`;
        try {
          if (i % 10 === 0) {
            const version = `1.0.${i}`;
            const r = await fetch(`${registry.url}/v1/releases`, {
              method: 'POST',
              headers,
              body: JSON.stringify(makeRelease(name, version)),
            });
            await r.text();
            if (r.status !== 201) throw new Error(`publish ${r.status}`);
            counts.publishes++;
            const a = await fetch(
              `${registry.url}/v1/servers/${encodeURIComponent(name)}/releases/${version}/status`,
              {
                method: 'POST',
                headers: reviewerHeaders,
                body: JSON.stringify({ status: 'approved' }),
              },
            );
            await a.text();
            if (a.status !== 200) throw new Error(`approve ${a.status}`);
            counts.approvals++;
          } else if (i % 3 === 0) {
            const r = await fetch(`${registry.url}/v1/servers?limit=30`);
            await r.text();
            if (r.status !== 200) throw new Error(`list ${r.status}`);
            counts.lists++;
          } else {
            const r = await fetch(`${registry.url}/v1/servers/${encodeURIComponent(name)}/releases/latest`);
            await r.text();
            // 404 until this worker's first approval lands
            if (r.status !== 200 && r.status !== 404) throw new Error(`read ${r.status}`);
            counts.reads++;
          }
        } catch (error) {
          counts.errors++;
          if (errors.length < 5) errors.push(String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, (_, w) => worker(w)));
    const rssEnd = rssMiB(pid);
    await registry.stop();
    const total = counts.reads + counts.lists + counts.publishes + counts.approvals;
    console.log(
      `load: ${SECONDS} s, ${total} requests (${(total / SECONDS).toFixed(0)}/s): ${JSON.stringify(counts)}; RSS ${rssStart.toFixed(1)} MiB at start, ${rssEnd.toFixed(1)} MiB at end`,
    );
    expect(errors).toEqual([]);
    expect(counts.errors).toBe(0);
    expect(counts.publishes).toBeGreaterThan(0);
  });
});
