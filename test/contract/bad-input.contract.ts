import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiResult, makeRelease, path } from '../helpers/registry-client.js';
import type { ContractContext } from './registry-contract.js';

const NAME = 'io.github.bad/srv';

interface BadCase {
  label: string;
  send(ctx: ContractContext & { publisher: string; reviewer: string; assessor: string }): Promise<ApiResult>;
  status: number;
  code: string;
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

const CASES: BadCase[] = [
  {
    label: 'publish: not JSON',
    send: (c) => c.api.send('POST', '/v1/releases', { token: c.publisher, raw: '{"name": ' }),
    status: 400,
    code: 'invalid_json',
  },
  {
    label: 'publish: wrong media type',
    send: (c) =>
      c.api.send('POST', '/v1/releases', { token: c.publisher, raw: 'name=x', contentType: 'text/plain' }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    label: 'publish: invalid UTF-8',
    send: (c) =>
      c.api.send('POST', '/v1/releases', {
        token: c.publisher,
        raw: new Uint8Array([0x7b, 0x22, 0x6e, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      }),
    status: 400,
    code: 'invalid_json',
  },
  {
    label: 'publish: body over the size limit',
    send: (c) =>
      c.api.send('POST', '/v1/releases', {
        token: c.publisher,
        raw: JSON.stringify({ ...makeRelease(NAME, '9.9.9'), _meta: { pad: 'x'.repeat(1_100_000) } }),
      }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    label: 'publish: nesting too deep',
    send: (c) => c.api.send('POST', '/v1/releases', { token: c.publisher, raw: `{"_meta": ${deep(5000)}}` }),
    status: 400,
    code: 'bad_request',
  },
  {
    label: 'publish: a version range',
    send: (c) => c.api.post('/v1/releases', makeRelease(NAME, '^1.0.0'), c.publisher),
    status: 422,
    code: 'invalid_record',
  },
  {
    label: 'publish: "latest" as version',
    send: (c) => c.api.post('/v1/releases', makeRelease(NAME, 'latest'), c.publisher),
    status: 422,
    code: 'invalid_record',
  },
  {
    label: 'publish: a JSON array',
    send: (c) => c.api.post('/v1/releases', [makeRelease(NAME, '1.0.0')], c.publisher),
    status: 403,
    code: 'forbidden',
  },
  {
    label: 'status: unknown status value',
    send: (c) => c.api.post(path(NAME, 'releases', '1.0.0', 'status'), { status: 'blessed' }, c.reviewer),
    status: 422,
    code: 'invalid_record',
  },
  {
    label: 'status: extra fields and a non-string reason',
    send: (c) =>
      c.api.post(
        path(NAME, 'releases', '1.0.0', 'status'),
        { status: 'approved', reason: 5, x: 1 },
        c.reviewer,
      ),
    status: 422,
    code: 'invalid_record',
  },
  {
    label: 'status: a range in the path',
    send: (c) =>
      c.api.post(
        `${path(NAME)}/releases/${encodeURIComponent('>=1.0.0')}/status`,
        { status: 'approved' },
        c.reviewer,
      ),
    status: 400,
    code: 'invalid_version',
  },
  {
    label: 'status: a release that does not exist',
    send: (c) => c.api.post(path(NAME, 'releases', '7.7.7', 'status'), { status: 'approved' }, c.reviewer),
    status: 404,
    code: 'not_found',
  },
  {
    label: 'assessment: schema violations',
    send: (c) =>
      c.api.post(
        path(NAME, 'releases', '1.0.0', 'assessments'),
        { risk: 'huge', findings: [{}] },
        c.assessor,
      ),
    status: 422,
    code: 'invalid_record',
  },
  {
    label: 'token: unknown role and bad namespace',
    send: (c) => c.api.post('/v1/tokens', { role: 'root', namespaces: ['../*'], ttlDays: -1 }, c.admin),
    status: 422,
    code: 'invalid_record',
  },
  {
    label: 'token: publisher without namespaces',
    send: (c) => c.api.post('/v1/tokens', { role: 'publisher' }, c.admin),
    status: 422,
    code: 'invalid_record',
  },
  {
    label: 'token revoke: malformed id',
    send: (c) => c.api.delete('/v1/tokens/..%2F..%2Fetc', c.admin),
    status: 400,
    code: 'bad_request',
  },
  {
    label: 'read: path traversal in the name',
    send: (c) => c.api.get(`/v1/servers/${encodeURIComponent('io.github.bad/../../etc')}`),
    status: 400,
    code: 'invalid_name',
  },
  {
    label: 'read: a name without a namespace',
    send: (c) => c.api.get('/v1/servers/justaname/releases'),
    status: 400,
    code: 'invalid_name',
  },
  {
    label: 'read: a huge name',
    send: (c) => c.api.get(`/v1/servers/${'a'.repeat(5000)}`),
    status: 400,
    code: 'invalid_name',
  },
  {
    label: 'list: limit out of range',
    send: (c) => c.api.get('/v1/servers?limit=100000'),
    status: 400,
    code: 'bad_request',
  },
  {
    label: 'list: updated_since not a time',
    send: (c) => c.api.get('/v1/servers?updated_since=yesterday'),
    status: 400,
    code: 'bad_request',
  },
  {
    label: 'audit: cursor not a number',
    send: (c) => c.api.get('/v1/audit?cursor=abc', c.admin),
    status: 400,
    code: 'bad_request',
  },
  { label: 'unknown route', send: (c) => c.api.get('/v2/everything'), status: 404, code: 'not_found' },
];

export function defineBadInputContract(ctx: ContractContext): void {
  describe('bad input', () => {
    const tokens = { publisher: '', reviewer: '', assessor: '' };

    beforeAll(async () => {
      const { api, admin } = ctx;
      tokens.publisher = (
        await api.createToken(admin, { role: 'publisher', namespaces: ['io.github.bad/*'] })
      ).token;
      tokens.reviewer = (await api.createToken(admin, { role: 'reviewer', subject: 'bad-reviewer' })).token;
      tokens.assessor = (await api.createToken(admin, { role: 'assessor' })).token;
      await api.post('/v1/releases', makeRelease(NAME, '1.0.0'), tokens.publisher);
    });

    async function snapshot(): Promise<string> {
      const { api, admin } = ctx;
      const servers = await api.get('/v1/servers?limit=100&search=io.github.bad');
      const releases = await api.get(path(NAME, 'releases'));
      const tokenList = await api.get('/v1/tokens', admin);
      return JSON.stringify([servers.body, releases.body, tokenList.body.tokens.length]);
    }

    it.each(CASES.map((c) => [c.label, c] as const))(
      '%s → 4xx with a code, nothing changed',
      async (_label, c) => {
        const before = await snapshot();
        const result = await c.send({ ...ctx, ...tokens });
        expect(result.status, JSON.stringify(result.body).slice(0, 400)).toBe(c.status);
        expect(result.body).toMatchObject({ code: c.code, message: expect.any(String) });
        expect(JSON.stringify(result.body)).not.toMatch(/at .*\.(ts|js):\d+/);
        expect(await snapshot()).toBe(before);
      },
    );

    it('lists every schema issue with its JSON path and rule id, not only the first', async () => {
      const { api } = ctx;
      const bad = {
        ...makeRelease(NAME, '1.0'),
        description: '',
        packages: [{ registryType: 'cargo', identifier: '', version: 'latest', transport: { type: 'sse' } }],
        surprise: true,
      };
      const r = await api.post('/v1/releases', bad, tokens.publisher);
      expect(r.status).toBe(422);
      const issues = r.body.details.issues as { path: string; rule: string; message: string }[];
      const paths = issues.map((i) => i.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/version',
          '/description',
          '/packages/0/registryType',
          '/packages/0/identifier',
          '/packages/0/version',
          '/packages/0/transport',
          '/surprise',
        ]),
      );
      for (const i of issues) expect(i.rule).toMatch(/^release\.[\w.$-]+$/);
      expect(issues.find((i) => i.path === '/version')?.rule).toBe('release.version.pattern');
    });
  });
}
