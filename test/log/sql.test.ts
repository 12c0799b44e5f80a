import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  computeRoot,
  MemoryLog,
  proveConsistency,
  proveInclusion,
  rebuildTree,
  SqlLog,
  toHexString,
} from '../../registry/log/index.js';
import { type OpenedSqliteStore, openSqliteStore } from '../../registry/sqlite/index.js';
import type { SqlDriver } from '../../registry/store/driver.js';
import { leafInput } from './helpers.js';

let opened: OpenedSqliteStore;
let queries = 0;

/** The real better-sqlite3 driver, counting the statements that reach it. */
function counting(driver: SqlDriver): SqlDriver {
  return {
    all: (text, params) => {
      queries++;
      return driver.all(text, params);
    },
    first: (text, params) => {
      queries++;
      return driver.first(text, params);
    },
    run: (text, params) => driver.run(text, params),
    batch: (statements) => driver.batch(statements),
    close: () => driver.close(),
  };
}

beforeEach(async () => {
  opened = await openSqliteStore(':memory:');
  queries = 0;
});
afterEach(async () => {
  await opened.driver.close();
});

describe('the SQL log (better-sqlite3, real migrations)', () => {
  it('stores the same tree as the memory log and serves each proof in one query', async () => {
    const log = new SqlLog(counting(opened.driver));
    const memory = new MemoryLog();
    let next = 0;
    for (const count of [1, 2, 5, 17, 40, 3, 64, 100]) {
      const entries = Array.from({ length: count }, (_, i) => leafInput(next + i));
      const a = await log.append(entries);
      const b = await memory.append(entries);
      expect(toHexString(a.root)).toBe(toHexString(b.root));
      next += count;
    }
    expect(await log.getSize()).toBe(next);
    for (const size of [1, 2, 7, 100, 231, next]) {
      expect(toHexString(await computeRoot(log, size))).toBe(toHexString(await computeRoot(memory, size)));
    }
    for (const [index, size] of [
      [0, 1],
      [5, 8],
      [100, 232],
      [231, 232],
      [17, 200],
    ] as const) {
      queries = 0;
      const proof = await proveInclusion(log, index, size);
      expect(queries).toBe(size === 1 ? 0 : 1);
      expect(proof.map(toHexString)).toEqual((await proveInclusion(memory, index, size)).map(toHexString));
    }
    for (const [from, to] of [
      [1, 232],
      [6, 8],
      [100, 232],
      [231, 232],
    ] as const) {
      queries = 0;
      const proof = await proveConsistency(log, from, to);
      expect(queries).toBe(1);
      expect(proof.map(toHexString)).toEqual((await proveConsistency(memory, from, to)).map(toHexString));
    }
    const rebuilt = await rebuildTree(await log.getEntries(0, next));
    expect(toHexString(rebuilt.root)).toBe(toHexString(await computeRoot(log, next)));
  });

  it('looks nodes up by primary key, not by scanning', async () => {
    const plan = await opened.driver.all<{ detail: string }>(
      `EXPLAIN QUERY PLAN SELECT n.level, n.idx, n.hash FROM json_each(?) AS j
       JOIN log_nodes AS n ON n.level = json_extract(j.value, '$[0]') AND n.idx = json_extract(j.value, '$[1]')`,
      ['[[0,1]]'],
    );
    expect(plan.map((p) => p.detail).join('\n')).toMatch(
      /SEARCH n USING PRIMARY KEY \(level=\? AND idx=\?\)/,
    );
  });

  it('serialises concurrent appends: racing writers conflict and retry, none is lost or duplicated', async () => {
    let conflicts = 0;
    const driver = opened.driver;
    const log = new SqlLog({
      ...counting(driver),
      batch: (statements) =>
        driver.batch(statements).catch((error: unknown) => {
          conflicts++;
          throw error;
        }),
    });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => log.append([leafInput(i)], 20)));
    expect(conflicts).toBeGreaterThan(0); // the race really happened
    expect(results.map((r) => r.start).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, i) => i),
    );
    const entries = await log.getEntries(0, 12);
    expect(new Set(entries.map((e) => new TextDecoder().decode(e))).size).toBe(12);
    const rebuilt = await rebuildTree(entries);
    expect(toHexString(rebuilt.root)).toBe(toHexString(await computeRoot(log, 12)));
  });

  it('has no update or delete path, and no gaps', async () => {
    const log = new SqlLog(opened.driver);
    await log.append([leafInput(0), leafInput(1)]);
    const db = opened.driver;
    await expect(db.run("UPDATE log_entries SET entry = 'x' WHERE idx = 0")).rejects.toThrow();
    await expect(db.run('DELETE FROM log_entries WHERE idx = 1')).rejects.toThrow();
    await expect(db.run("UPDATE log_nodes SET hash = '00' WHERE level = 0 AND idx = 0")).rejects.toThrow();
    await expect(db.run('DELETE FROM log_nodes')).rejects.toThrow();
    await expect(db.run("INSERT INTO log_entries (idx, entry) VALUES (5, 'gap')")).rejects.toThrow();
    await expect(log.prepareAppend([leafInput(9)], 1)).resolves.toBeDefined(); // planning alone writes nothing
    const stale = await log.prepareAppend([leafInput(9)], 1);
    await expect(db.batch(stale.statements)).rejects.toThrow();
    expect(await log.getSize()).toBe(2);
    await expect(log.getEntries(0, 5000)).rejects.toMatchObject({ code: 'bad_request' });
  });
});

describe('logging an event atomically with its own writes', () => {
  const entry = (index: number, version: string) => ({
    v: 1 as const,
    type: 'release_submitted' as const,
    time: '2026-03-01T10:00:00Z',
    actor: 'publisher:acme',
    // stands in for the digest of an attestation that records `index` as its logIndex
    attestationDigest: `sha256:${index.toString(16).padStart(64, '0')}`,
    name: 'io.github.acme/weather',
    version,
    releaseDigest: `sha256:${'b'.repeat(64)}`,
  });

  it('writes both or neither, retries a lost race with the next index, rethrows the event’s own conflict', async () => {
    const { appendEventAtomically, decodeLogEntry } = await import('../../registry/log/index.js');
    const { sql } = await import('../../registry/store/driver.js');
    const db = opened.driver;
    await db.run('CREATE TABLE events (version TEXT PRIMARY KEY, log_index INTEGER NOT NULL)');
    const log = new SqlLog(db);
    const record = (version: string) =>
      appendEventAtomically(db, log, async (index) => ({
        entry: entry(index, version),
        statements: [sql('INSERT INTO events (version, log_index) VALUES (?, ?)', version, index)],
        result: version,
      }));
    const results = await Promise.all(['1.0.0', '1.0.1', '1.0.2', '1.0.3', '1.0.4'].map(record));
    expect(results.map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4]);
    // every event row names the index its entry really has, and the entry carries that index's digest
    const rows = await db.all<{ version: string; log_index: number }>(
      'SELECT version, log_index FROM events',
    );
    const entries = await log.getEntries(0, 5);
    for (const row of rows) {
      const logged = decodeLogEntry(entries[row.log_index] as Uint8Array);
      expect(logged).toMatchObject({
        version: row.version,
        attestationDigest: entry(row.log_index, '').attestationDigest,
      });
    }
    // a genuine conflict of the event (same version again) fails without logging anything
    await expect(record('1.0.2')).rejects.toMatchObject({ code: 'conflict' });
    expect(await log.getSize()).toBe(5);
  });
});
