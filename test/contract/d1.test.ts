import { makeTrustMaterial } from '../helpers/trust.js';
import { startWorkerd } from '../worker/workerd.js';
import { defineRegistryContract } from './registry-contract.js';

// The same contract as sqlite.test.ts, against the Workers entry in workerd with a local D1 database: a
// fresh persist dir migrated by `wrangler d1 migrations apply --local` from registry/migrations, the admin
// token given as the MCPVET_ADMIN_TOKEN secret binding, requests over loopback HTTP.
defineRegistryContract('workerd + D1', async () =>
  startWorkerd({ adminToken: `contract-admin-${'d'.repeat(40)}`, vars: (await makeTrustMaterial()).vars }),
);
