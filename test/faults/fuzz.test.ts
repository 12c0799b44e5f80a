import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../registry/api/index.js';
import { bootstrapAdmin } from '../../registry/bootstrap/index.js';
import { type OpenedSqliteStore, openSqliteStore } from '../../registry/sqlite/index.js';
import { makeRelease } from '../helpers/registry-client.js';

const ADMIN = `fuzz-admin-${'f'.repeat(40)}`;
const RUNS = Number(process.env.MCPVET_FUZZ_RUNS ?? 10_000);

let opened: OpenedSqliteStore;
let app: ReturnType<typeof createApp>;
let dir: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mcpvet-fuzz-'));
  opened = await openSqliteStore(join(dir, 'registry.db'));
  await bootstrapAdmin(opened.store, { envToken: ADMIN });
  app = createApp({ store: opened.store });
  const mk = async (body: unknown) => {
    const r = await app.request('/v1/tokens', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return ((await r.json()) as { token: string }).token;
  };
  tokens.publisher = await mk({ role: 'publisher', namespaces: ['io.github.fuzz/*'] });
  tokens.reviewer = await mk({ role: 'reviewer', subject: 'fuzz-reviewer' });
  tokens.assessor = await mk({ role: 'assessor' });
  for (const v of ['1.0.0', '1.1.0']) {
    await app.request('/v1/releases', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.publisher}`, 'content-type': 'application/json' },
      body: JSON.stringify(makeRelease('io.github.fuzz/srv', v)),
    });
  }
});
afterAll(async () => {
  await opened.store.close();
  rmSync(dir, { recursive: true, force: true });
});

function stateDigest(): string {
  const row = opened.driver.db
    .prepare(
      `SELECT (SELECT group_concat(name || version || status || updated_at || assessment_count, ',') FROM releases) AS r,
              (SELECT group_concat(id || coalesce(revoked_at, ''), ',') FROM tokens) AS t,
              (SELECT count(*) FROM assessments) AS a, (SELECT count(*) FROM servers) AS s,
              (SELECT count(*) FROM release_events) AS e`,
    )
    .get();
  return JSON.stringify(row);
}

const segment = fc.oneof(
  fc.constantFrom(
    'io.github.fuzz%2Fsrv',
    'io.github.fuzz/srv',
    '..',
    '%2e%2e',
    '1.0.0',
    'latest',
    '',
    '%00',
    '%ff',
  ),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 20 }).map((s) => encodeURIComponent(s)),
);
const pathArb = fc.oneof(
  fc.constantFrom(
    '/v1/releases',
    '/v1/servers',
    '/v1/tokens',
    '/v1/audit',
    '/health',
    '/v1/servers/io.github.fuzz%2Fsrv/releases/1.0.0/status',
    '/v1/servers/io.github.fuzz%2Fsrv/releases/1.1.0/assessments',
  ),
  fc.tuple(segment, segment).map(([a, b]) => `/v1/servers/${a}/releases/${b}`),
  fc.tuple(segment, segment).map(([a, b]) => `/v1/servers/${a}/releases/${b}/status`),
  fc
    .tuple(segment, fc.string({ maxLength: 30 }))
    .map(([a, q]) => `/v1/servers?${a}=${encodeURIComponent(q)}`),
  segment.map((s) => `/v1/tokens/${s}`),
  fc.webPath(),
);
const validish = fc
  .tuple(
    fc.constantFrom('1.0.0', '2.0.0', '^1', 'latest', '1.0'),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 3 }),
  )
  .map(([v, extra]) => JSON.stringify({ ...makeRelease('io.github.fuzz/other', v), ...extra }));
const bodyArb = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  validish,
  fc
    .record({
      status: fc.constantFrom('approved', 'revoked', 'x', 5),
      reason: fc.oneof(fc.string(), fc.integer()),
    })
    .map((v) => JSON.stringify(v)),
  fc
    .record({
      role: fc.constantFrom('reader', 'root', 'publisher'),
      namespaces: fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }),
    })
    .map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 200 }),
  fc.constant(`${'['.repeat(3000)}${']'.repeat(3000)}`),
  fc.constant(`"${'x'.repeat(2_000_000)}"`),
);
const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH'),
  path: pathArb,
  auth: fc.constantFrom('none', 'admin', 'publisher', 'reviewer', 'assessor', 'garbage'),
  contentType: fc.constantFrom(
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'application/merge-patch+json',
  ),
  body: bodyArb,
});

describe('fuzzing every endpoint', () => {
  it(`answers ${RUNS} generated requests with no 5xx, a code on every error, and no change from rejections`, async () => {
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async (req) => {
        const headers: Record<string, string> = { 'content-type': req.contentType };
        if (req.auth === 'admin') headers.authorization = `Bearer ${ADMIN}`;
        else if (req.auth === 'garbage') headers.authorization = 'Bearer \u0000not-a-token';
        else if (req.auth !== 'none') headers.authorization = `Bearer ${tokens[req.auth]}`;
        const hasBody = req.body !== undefined && req.method !== 'GET';
        const before = stateDigest();
        let response: Response;
        try {
          response = await app.request(`http://x${req.path}`, {
            method: req.method,
            headers,
            body: hasBody ? (req.body as BodyInit) : undefined,
          });
        } catch (error) {
          // an invalid header value (e.g. NUL) is refused by the Request constructor itself, before the app
          if (error instanceof TypeError) return;
          throw error;
        }
        const text = await response.text();
        expect(response.status, `${req.method} ${req.path}: ${text.slice(0, 300)}`).toBeLessThan(500);
        if (response.status >= 400) {
          rejected++;
          const body = JSON.parse(text) as { code?: unknown; message?: unknown };
          expect(typeof body.code).toBe('string');
          expect(typeof body.message).toBe('string');
          expect(stateDigest(), `${req.method} ${req.path} changed state while rejected`).toBe(before);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.MCPVET_FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    console.log(`fuzz: ${RUNS} requests, ${rejected} rejected with a code, 0 server errors`);
    expect(rejected).toBeGreaterThan(RUNS / 2);
    expect(opened.driver.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
