import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../registry/api/index.js';
import { bootstrapAdmin } from '../../registry/bootstrap/index.js';
import { openSqliteStore } from '../../registry/sqlite/index.js';
import { makeTestTrust } from '../helpers/trust.js';
import { defineRegistryContract } from './registry-contract.js';

defineRegistryContract('Node + better-sqlite3', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcpvet-contract-'));
  const { store } = await openSqliteStore(join(dir, 'registry.db'));
  const adminToken = `contract-admin-${'x'.repeat(40)}`;
  await bootstrapAdmin(store, { envToken: adminToken });
  const app = createApp({ store, trust: await makeTestTrust() });
  return {
    adminToken,
    fetch: async (request) => app.request(request),
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
