import { afterAll, beforeAll, describe } from 'vitest';
import type { RegistryTarget } from '../helpers/registry-client.js';
import { TestApi } from '../helpers/registry-client.js';
import { defineAuthorizationContract } from './authz.contract.js';
import { defineBadInputContract } from './bad-input.contract.js';
import { defineFlowsContract } from './flows.contract.js';

export type { RegistryTarget } from '../helpers/registry-client.js';

export interface ContractContext {
  api: TestApi;
  admin: string;
}

/**
 * The registry API contract, run against every store (SQLite in process, D1 in workerd). Each part gets a
 * context that is filled once the target has started.
 */
export function defineRegistryContract(label: string, setup: () => Promise<RegistryTarget>): void {
  describe(`registry API contract (${label})`, () => {
    let target: RegistryTarget | undefined;
    const ctx = {} as ContractContext;
    beforeAll(async () => {
      target = await setup();
      ctx.api = new TestApi(target);
      ctx.admin = target.adminToken;
    });
    afterAll(async () => {
      await target?.close();
    });
    defineFlowsContract(ctx);
    defineAuthorizationContract(ctx);
    defineBadInputContract(ctx);
  });
}
