import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Capabilities, ReleaseRecord } from '../../registry/records/index.js';
import type { SignedSnapshot } from '../../registry/signing/index.js';
import { captureServer } from '../../verifier/capture/index.js';
import { validateReport } from '../../verifier/report/index.js';
import { realServer } from '../capture/helpers.js';
import { entryFor, failingCodes, getJson, installed, type Project, startWorld, type World } from './world.js';

// Tampering the registry cannot be made to do through its API: rows edited in its SQLite file, and
// answers rewritten by a loopback proxy standing where the registry's root says the registry is.
// Each attack must be caught with its own code while the untampered baseline passes.

let world: World;
let memory: Capabilities;
let thinking: Capabilities;
const MEMORY = 'io.github.modelcontextprotocol/server-memory';
const THINKING = 'io.github.modelcontextprotocol/server-sequential-thinking';
const EVERYTHING = 'io.github.modelcontextprotocol/server-everything';

beforeAll(async () => {
  world = await startWorld();
  memory = (
    await captureServer(realServer('server-memory', [], { MEMORY_FILE_PATH: join(world.tmp, 'm.jsonl') }))
  ).capabilities as Capabilities;
  thinking = (await captureServer(realServer('server-sequential-thinking'))).capabilities as Capabilities;
  await world.publish(MEMORY, 'server-memory', memory, ['approved']);
  await world.publish(THINKING, 'server-sequential-thinking', thinking, ['approved']);
  // recorded with other bytes than the installed package: verify must say digest_mismatch
  await world.publish(EVERYTHING, 'server-everything', undefined, ['approved'], {
    digest: `sha512-${Buffer.alloc(64, 9).toString('base64')}`,
  });
}, 60_000);

afterEach(() => {
  world.proxy.override = undefined;
});

afterAll(async () => {
  await world?.close();
});

async function memoryProject(label: string): Promise<Project> {
  return world.project(label, {
    memory: entryFor('server-memory', [], { MEMORY_FILE_PATH: join(world.tmp, 'm.jsonl') }),
  });
}

const enc = encodeURIComponent;

describe('verify against the real registry: the signed baseline', () => {
  it('passes an approved release whose attestation, snapshot entry and log inclusion all verify', async () => {
    const project = await memoryProject('baseline');
    const run = await world.verify(project);
    expect(run.stderr).toBe('');
    expect(run.report?.findings).toEqual([]);
    expect(run.code).toBe(0);
    const valid = validateReport(run.report);
    expect(valid.ok ? [] : valid.issues).toEqual([]);
    // it asked for the evidence, not only the record
    const asked = world.proxy.requests.join('\n');
    expect(asked).toContain(
      `GET /v1/servers/${enc(MEMORY)}/releases/${installed('server-memory').version}/attestation`,
    );
    expect(asked).toContain('GET /v1/snapshot');
    expect(asked).toContain('GET /v1/log/checkpoint');
    expect(asked).toMatch(/GET \/v1\/log\/proof\/inclusion\?index=\d+&size=\d+/);
    expect(asked).toContain(`GET /v1/packages/npm/${enc('@modelcontextprotocol/server-memory')}`);
  });

  it('without a pinned root exits 3 (trust_unverified); requireSignatures: false makes it a low finding', async () => {
    const project = await world.project(
      'unpinned',
      { memory: entryFor('server-memory') },
      { trust: undefined },
    );
    const strict = await world.verify(project);
    expect(strict.code).toBe(3);
    expect(failingCodes(strict)).toEqual(['trust_unverified']);
    const relaxed = await world.project(
      'relaxed',
      { memory: entryFor('server-memory') },
      {
        trust: undefined,
        requireSignatures: false,
      },
    );
    const run = await world.verify(relaxed);
    expect(run.code).toBe(0);
    expect(run.report?.findings.map((f) => [f.code, f.severity, f.fails])).toEqual([
      ['trust_unverified', 'low', false],
    ]);
  });
});

describe('a release row edited directly in SQLite', () => {
  it('flipping a revoked release back to approved is record_status_mismatch', async () => {
    const { version } = installed('server-sequential-thinking');
    const project = await world.project('flip', { thinking: entryFor('server-sequential-thinking') });
    await world.setStatus(THINKING, version, 'revoked', 'exfiltrates prompts');
    const before = await world.verify(project);
    expect(before.code).toBe(1);
    expect(failingCodes(before)).toEqual(['revoked']);

    const db = new Database(world.running.dbPath);
    try {
      db.prepare(
        "UPDATE releases SET status = 'approved', status_reason = NULL WHERE name = ? AND version = ?",
      ).run(THINKING, version);
    } finally {
      db.close();
    }
    const record = await getJson<ReleaseRecord>(world, `/v1/servers/${enc(THINKING)}/releases/${version}`);
    expect(record.status).toBe('approved'); // the registry now serves the edited row
    const after = await world.verify(project);
    expect(after.code).toBe(3);
    expect(failingCodes(after)).toEqual(['record_status_mismatch']);
    const finding = after.report?.findings.find((f) => f.code === 'record_status_mismatch');
    expect(finding?.evidence).toMatchObject({
      record: { status: 'approved' },
      attested: { status: 'revoked' },
    });
  });

  it("rewriting a release's assessment columns is record_assessment_mismatch", async () => {
    const { version } = installed('server-memory');
    const project = await memoryProject('assessment');
    const db = new Database(world.running.dbPath);
    const edit = (risk: string | null, verdict: string | null, digest: string | null) =>
      db
        .prepare(
          'UPDATE releases SET assessment_risk = ?, assessment_verdict = ?, assessment_digest = ?, assessment_date = ?, assessment_count = ? WHERE name = ? AND version = ?',
        )
        .run(risk, verdict, digest, digest && '2026-01-01T00:00:00Z', digest ? 1 : 0, MEMORY, version);
    try {
      edit('low', 'pass', `sha256:${'a'.repeat(64)}`);
      const run = await world.verify(project);
      expect(run.code).toBe(3);
      expect(failingCodes(run)).toEqual(['record_assessment_mismatch']);
    } finally {
      edit(null, null, null);
      db.close();
    }
    expect((await world.verify(project)).code).toBe(0);
  });
});

describe('answers rewritten between the registry and the verifier', () => {
  it('a record whose package digest was changed to match other bytes is record_digest_mismatch', async () => {
    const { name: identifier, integrity } = installed('server-everything');
    const project = await world.project('digest', { everything: entryFor('server-everything') });
    const honest = await world.verify(project);
    expect(failingCodes(honest)).toEqual(['digest_mismatch']);
    world.proxy.override = async ({ url }) => {
      if (url.pathname !== `/v1/packages/npm/${enc(identifier)}`) return undefined;
      const body = (await getJson<{ releases: ReleaseRecord[] }>(world, url.pathname)) as {
        releases: ReleaseRecord[];
      };
      for (const r of body.releases) for (const p of r.release.packages ?? []) p.digest = integrity;
      return Response.json(body);
    };
    const run = await world.verify(project);
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['record_digest_mismatch']);
    expect(run.report?.findings[0]?.evidence.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'release' })]),
    );
  });

  it("another release's attestation served for this one is attestation_subject_mismatch", async () => {
    const project = await memoryProject('swap');
    const other = `/v1/servers/${enc(THINKING)}/releases/${installed('server-sequential-thinking').version}/attestation`;
    world.proxy.override = async ({ url }) =>
      url.pathname.endsWith('/attestation') && url.pathname.includes(enc(MEMORY))
        ? Response.json(await getJson(world, other))
        : undefined;
    const run = await world.verify(project);
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['attestation_subject_mismatch']);
  });

  it('a snapshot older than one already seen is snapshot_rollback', async () => {
    const project = await memoryProject('rollback');
    const old = await getJson<SignedSnapshot>(world, '/v1/snapshot');
    // a new event grows the log, so the registry's snapshot version grows past the saved one
    await world.publish(
      'io.github.modelcontextprotocol/server-filesystem',
      'server-filesystem',
      undefined,
      [],
    );
    const first = await world.verify(project);
    expect(first.code).toBe(0);
    world.proxy.override = ({ url }) => (url.pathname === '/v1/snapshot' ? Response.json(old) : undefined);
    const run = await world.verify(project);
    expect(run.code).toBe(3);
    expect(failingCodes(run)).toEqual(['snapshot_rollback']);
    expect(run.report?.findings[0]?.evidence).toMatchObject({ version: old.signed.version });
  });
});
