import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../registry/api/index.js';
import { bootstrapAdmin } from '../../registry/bootstrap/index.js';
import {
  encodeLogEntry,
  generateNoteKeys,
  parseSignerKey,
  parseVerifierKey,
  SqlLog,
  verifyCheckpoint,
} from '../../registry/log/index.js';
import { type OpenedSqliteStore, openSqliteStore } from '../../registry/sqlite/index.js';

const ORIGIN = 'registry.test/log';
const ADMIN = 'admin-token-for-the-log-test-0123456789abcdef';
let opened: OpenedSqliteStore;

beforeEach(async () => {
  opened = await openSqliteStore(':memory:');
  await bootstrapAdmin(opened.store, { envToken: ADMIN });
});
afterEach(async () => {
  await opened.driver.close();
});

async function logDeps() {
  const keys = await generateNoteKeys(ORIGIN);
  const log = new SqlLog(opened.driver);
  await log.append([
    encodeLogEntry({
      v: 1,
      type: 'key_rotated',
      time: '2026-03-01T00:00:00Z',
      actor: 'admin',
      attestationDigest: `sha256:${'c'.repeat(64)}`,
      keyRole: 'log',
      keyId: ORIGIN,
    }),
  ]);
  return {
    deps: { log, origin: ORIGIN, signers: [await parseSignerKey(keys.signerKey)] },
    verifier: await parseVerifierKey(keys.verifierKey),
  };
}

describe('the registry app with a log configured', () => {
  it('serves the log endpoints under the read rule, and none without a log', async () => {
    const { deps, verifier } = await logDeps();
    const app = createApp({ store: opened.store, log: deps });
    const res = await app.request('/v1/log/checkpoint');
    expect(res.status).toBe(200);
    expect(await verifyCheckpoint(await res.text(), [verifier], { origin: ORIGIN })).toMatchObject({
      ok: true,
      checkpoint: { size: 1 },
    });
    expect((await app.request('/v1/log/proof/inclusion?index=5')).status).toBe(400);

    const bare = createApp({ store: opened.store });
    expect((await bare.request('/v1/log/checkpoint')).status).toBe(404);
  });

  it('refuses anonymous log reads on a private registry', async () => {
    const { deps } = await logDeps();
    const app = createApp({ store: opened.store, log: deps, settings: { publicReads: false } });
    const anonymous = await app.request('/v1/log/entries?start=0');
    expect(anonymous.status).toBe(401);
    const admin = await app.request('/v1/log/entries?start=0', {
      headers: { authorization: `Bearer ${ADMIN}` },
    });
    expect(admin.status).toBe(200);
    expect(await admin.json()).toMatchObject({ start: 0, end: 1, size: 1 });
  });
});
