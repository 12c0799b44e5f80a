import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRebuild, parseCheckpoint } from '../../registry/log/index.js';
import { makeRelease } from '../helpers/registry-client.js';
import { startRegistryProcess } from '../helpers/registry-process.js';

const ADMIN = `crash-admin-${'z'.repeat(40)}`;
const dir = mkdtempSync(join(tmpdir(), 'mcpvet-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function publish(url: string, name: string, version: string): Promise<number> {
  try {
    const r = await fetch(`${url}/v1/releases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify(makeRelease(name, version)),
    });
    await r.text();
    return r.status;
  } catch {
    return 0; // the connection died with the process: not acknowledged
  }
}

describe('kill -9 during concurrent publishes', () => {
  it('keeps every acknowledged write and an intact database after restart', async () => {
    const dataDir = join(dir, 'data');
    const first = await startRegistryProcess(dataDir, { MCPVET_ADMIN_TOKEN: ADMIN });
    const acknowledged: string[] = [];
    let n = 0;
    const workers = Array.from({ length: 16 }, async (_, w) => {
      for (;;) {
        const i = n++;
        const name = `io.github.crash/s${w}`;
        const version = `1.0.${i}`;
        const status = await publish(first.url, name, version);
        if (status === 201) acknowledged.push(`${name}@${version}`);
        else if (status === 0) return;
        else throw new Error(`unexpected ${status}`);
      }
    });
    // let writes flow, then kill without warning mid-stream
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 10));
    await first.stop('SIGKILL');
    await Promise.all(workers);
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const second = await startRegistryProcess(dataDir, { MCPVET_ADMIN_TOKEN: ADMIN });
    try {
      for (const spec of acknowledged) {
        const [name, version] = spec.split('@') as [string, string];
        const r = await fetch(`${second.url}/v1/servers/${encodeURIComponent(name)}/releases/${version}`);
        expect(r.status, spec).toBe(200);
      }
      const audit = await fetch(`${second.url}/v1/audit?limit=500`, {
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      expect(audit.status).toBe(200);
      // the log's root, recomputed from every entry alone, is the one the restarted registry signs
      const note = await (await fetch(`${second.url}/v1/log/checkpoint`)).text();
      const checkpoint = parseCheckpoint(`${note.split('\n\n')[0]}\n`);
      expect(checkpoint.size).toBeGreaterThanOrEqual(acknowledged.length);
      const entries: Uint8Array[] = [];
      for (let start = 0; start < checkpoint.size; start += 1000) {
        const end = Math.min(checkpoint.size, start + 1000);
        const page = await (await fetch(`${second.url}/v1/log/entries?start=${start}&end=${end}`)).json();
        for (const e of page.entries as string[]) entries.push(new TextEncoder().encode(e));
      }
      expect((await compareRebuild(entries, checkpoint)).ok).toBe(true);
    } finally {
      await second.stop();
    }
    const db = new Database(join(dataDir, 'registry.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // every release has its audit row and its first status event: the batch was all or nothing
    const orphans = db
      .prepare(
        `SELECT count(*) AS n FROM releases r WHERE NOT EXISTS (SELECT 1 FROM release_events e WHERE e.name = r.name AND e.version = r.version)`,
      )
      .get() as { n: number };
    expect(orphans.n).toBe(0);
    const releases = db.prepare('SELECT count(*) AS n FROM releases').get() as { n: number };
    const published = db
      .prepare("SELECT count(*) AS n FROM audit WHERE action = 'release.publish' AND result = 'allowed'")
      .get() as {
      n: number;
    };
    expect(published.n).toBe(releases.n);
    // every release has its signed submission in the log: no write was stored unsigned or unlogged
    const unsigned = db
      .prepare(
        'SELECT count(*) AS n FROM releases r WHERE NOT EXISTS (SELECT 1 FROM attestations a WHERE a.name = r.name AND a.version = r.version)',
      )
      .get() as { n: number };
    expect(unsigned.n).toBe(0);
    const logged = db.prepare('SELECT count(*) AS n FROM log_entries').get() as { n: number };
    expect(logged.n).toBe(releases.n);
    db.close();
  });
});

describe('two processes publishing the same version at once', () => {
  it('lets exactly one win and answers the other 409', async () => {
    const dataDir = join(dir, 'race');
    const a = await startRegistryProcess(dataDir, { MCPVET_ADMIN_TOKEN: ADMIN });
    const b = await startRegistryProcess(dataDir, { MCPVET_ADMIN_TOKEN: ADMIN });
    try {
      for (let round = 0; round < 20; round++) {
        const version = `2.0.${round}`;
        const results = await Promise.all([
          publish(a.url, 'io.github.race/srv', version),
          publish(b.url, 'io.github.race/srv', version),
          publish(a.url, 'io.github.race/srv', version),
          publish(b.url, 'io.github.race/srv', version),
        ]);
        expect(
          results.filter((s) => s === 201),
          `round ${round}: ${results}`,
        ).toHaveLength(1);
        expect(results.filter((s) => s === 409)).toHaveLength(3);
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
