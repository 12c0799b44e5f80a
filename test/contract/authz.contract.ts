import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiResult, makeRelease, path, type TestApi } from '../helpers/registry-client.js';
import type { ContractContext } from './registry-contract.js';

type Principal =
  | 'admin'
  | 'reviewer'
  | 'assessor'
  | 'publisher'
  | 'publisher-other-namespace'
  | 'reader'
  | 'no-token'
  | 'expired'
  | 'revoked'
  | 'unknown-token';

const PRINCIPALS: Principal[] = [
  'admin',
  'reviewer',
  'assessor',
  'publisher',
  'publisher-other-namespace',
  'reader',
  'no-token',
  'expired',
  'revoked',
  'unknown-token',
];

const NS = 'io.github.matrix';
let counter = 0;
const nextVersion = () => `1.0.${++counter}`;

interface Endpoint {
  name: string;
  allowed: Principal[];
  call(api: TestApi, token: string | undefined, helpers: Helpers): Promise<ApiResult>;
}

interface Helpers {
  admin: string;
  publisher: string;
  /** A fresh submitted release, published by the matrix publisher. */
  freshRelease(): Promise<string>;
}

const ASSESSMENT = {
  assessor: { id: 'matrix' },
  method: 'manual',
  tool: { name: 'review', version: '1' },
  findings: [],
  risk: 'none',
  verdict: 'approve',
};

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /v1/releases',
    allowed: ['admin', 'publisher'],
    call: (api, token) => api.post('/v1/releases', makeRelease(`${NS}/srv`, nextVersion()), token),
  },
  {
    name: 'POST status',
    allowed: ['admin', 'reviewer'],
    call: async (api, token, h) =>
      api.post(
        path(`${NS}/srv`, 'releases', await h.freshRelease(), 'status'),
        { status: 'approved' },
        token,
      ),
  },
  {
    name: 'POST assessments',
    allowed: ['admin', 'assessor'],
    call: async (api, token, h) =>
      api.post(
        path(`${NS}/srv`, 'releases', await h.freshRelease(), 'assessments'),
        { ...ASSESSMENT, date: new Date(Date.now() + counter).toISOString() },
        token,
      ),
  },
  {
    name: 'POST /v1/tokens',
    allowed: ['admin'],
    call: (api, token) => api.post('/v1/tokens', { role: 'reader' }, token),
  },
  {
    name: 'DELETE /v1/tokens/{id}',
    allowed: ['admin'],
    call: async (api, token, h) =>
      api.delete(`/v1/tokens/${(await api.createToken(h.admin, { role: 'reader' })).id}`, token),
  },
  { name: 'GET /v1/tokens', allowed: ['admin'], call: (api, token) => api.get('/v1/tokens', token) },
  { name: 'GET /v1/audit', allowed: ['admin'], call: (api, token) => api.get('/v1/audit', token) },
];

export function defineAuthorizationContract(ctx: ContractContext): void {
  describe('authorization matrix', () => {
    const tokens = new Map<Principal, string | undefined>();
    let helpers: Helpers;

    beforeAll(async () => {
      const { api, admin } = ctx;
      const make = async (p: Principal, req: Parameters<TestApi['createToken']>[1]) =>
        tokens.set(p, (await api.createToken(admin, req)).token);
      tokens.set('admin', admin);
      await make('reviewer', { role: 'reviewer', subject: 'matrix-reviewer' });
      await make('assessor', { role: 'assessor' });
      await make('publisher', { role: 'publisher', namespaces: [`${NS}/*`], subject: 'matrix-publisher' });
      await make('publisher-other-namespace', { role: 'publisher', namespaces: ['io.github.elsewhere/*'] });
      await make('reader', { role: 'reader' });
      tokens.set('no-token', undefined);
      await make('expired', { role: 'admin', ttlDays: 1 / 86_400 });
      const revoked = await api.createToken(admin, { role: 'admin' });
      await api.delete(`/v1/tokens/${revoked.id}`, admin);
      tokens.set('revoked', revoked.token);
      tokens.set('unknown-token', `mvt_0123456789abcdef_${'x'.repeat(43)}`);
      const publisher = tokens.get('publisher') as string;
      helpers = {
        admin,
        publisher,
        async freshRelease() {
          const v = nextVersion();
          const r = await api.post('/v1/releases', makeRelease(`${NS}/srv`, v), publisher);
          if (r.status !== 201) throw new Error(`setup publish failed ${r.status}`);
          return v;
        },
      };
      // let the one-second token expire
      await new Promise((r) => setTimeout(r, 1_200));
    });

    it('allows exactly the expected roles on every write endpoint and audits every denial', async () => {
      const { api, admin } = ctx;
      const denials: { requestId: string; label: string }[] = [];
      const table: string[] = [];
      for (const endpoint of ENDPOINTS) {
        for (const principal of PRINCIPALS) {
          const result = await endpoint.call(api, tokens.get(principal), helpers);
          const label = `${endpoint.name} as ${principal}`;
          const allowed = endpoint.allowed.includes(principal);
          table.push(`${label}: ${result.status}`);
          if (allowed) {
            expect(result.status, `${label}: ${JSON.stringify(result.body)}`).toBeLessThan(300);
          } else {
            const expected = ['no-token', 'expired', 'revoked', 'unknown-token'].includes(principal)
              ? 401
              : 403;
            expect(result.status, label).toBe(expected);
            expect(result.body.code, label).toBe(expected === 401 ? 'unauthorized' : 'forbidden');
            expect(result.requestId, label).toBeTruthy();
            denials.push({ requestId: result.requestId as string, label });
          }
        }
      }
      expect(table).toHaveLength(ENDPOINTS.length * PRINCIPALS.length);
      const audited = new Map<string, { result: string; action: string }>();
      let cursor: string | null = null;
      do {
        const page: ApiResult = await api.get(
          `/v1/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
          admin,
        );
        for (const e of page.body.entries) audited.set(e.requestId, e);
        cursor = page.body.nextCursor;
      } while (cursor);
      for (const d of denials) {
        expect(audited.get(d.requestId)?.result, `denial audited: ${d.label}`).toBe('denied');
      }
    });

    it('keeps reads public by default but refuses a bad token even on reads', async () => {
      const { api } = ctx;
      expect((await api.get('/v1/servers')).status).toBe(200);
      expect((await api.get('/v1/servers', tokens.get('revoked'))).status).toBe(401);
      expect((await api.get('/v1/servers', tokens.get('expired'))).status).toBe(401);
      expect((await api.send('GET', '/v1/servers', { headers: { authorization: 'Basic abc' } })).status).toBe(
        401,
      );
    });
  });
}
