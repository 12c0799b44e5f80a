// A thin test client over any RegistryTarget (in-process Hono app or workerd): one request, its JSON.

export interface RegistryTarget {
  fetch(request: Request): Promise<Response>;
  adminToken: string;
  close(): Promise<void>;
}

export interface ApiResult<T = any> {
  status: number;
  body: T;
  requestId: string | null;
  headers: Headers;
}

export const BASE = 'http://registry.test';

export class TestApi {
  constructor(private readonly target: RegistryTarget) {}

  async send<T = any>(
    method: string,
    path: string,
    options: {
      token?: string | undefined;
      body?: unknown;
      raw?: BodyInit;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: BodyInit | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] = options.contentType ?? 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = options.contentType ?? 'application/json';
    }
    const response = await this.target.fetch(new Request(`${BASE}${path}`, { method, headers, body }));
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      // keep text: the assertion that follows will show it
    }
    return {
      status: response.status,
      body: parsed as T,
      requestId: response.headers.get('x-request-id'),
      headers: response.headers,
    };
  }

  get<T = any>(path: string, token?: string) {
    return this.send<T>('GET', path, { token });
  }

  post<T = any>(path: string, body: unknown, token?: string) {
    return this.send<T>('POST', path, { token, body });
  }

  delete<T = any>(path: string, token?: string) {
    return this.send<T>('DELETE', path, { token });
  }

  async createToken(
    admin: string,
    request: { role: string; namespaces?: string[]; subject?: string; ttlDays?: number; expiresAt?: string },
  ): Promise<{ token: string; id: string }> {
    const r = await this.post('/v1/tokens', request, admin);
    if (r.status !== 201) throw new Error(`token create failed: ${r.status} ${JSON.stringify(r.body)}`);
    return { token: r.body.token, id: r.body.id };
  }
}

export function path(name: string, ...rest: string[]): string {
  return `/v1/servers/${encodeURIComponent(name)}${rest.map((r) => `/${r}`).join('')}`;
}

const INTEGRITY = `sha512-${'A'.repeat(86)}==`;

/** A release shaped like the official registry's records, with mcpvet's additions. */
export function makeRelease(name: string, version: string, extra: Record<string, unknown> = {}) {
  const pkg = `@${name.split('/')[0]?.split('.').pop()}/${name.split('/')[1]}`;
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
    name,
    version,
    description: `Test server ${name}`,
    repository: { url: 'https://github.com/acme/servers', source: 'github' },
    packages: [
      {
        registryType: 'npm',
        identifier: pkg,
        version,
        transport: { type: 'stdio' },
        digest: INTEGRITY,
        environmentVariables: [{ name: 'API_KEY', isSecret: true, isRequired: true }],
      },
    ],
    capabilities: {
      tools: [{ name: 'forecast', description: 'Get a forecast', inputSchema: { type: 'object' } }],
      permissions: { network: { egress: 'allowlist', hosts: [{ host: 'api.weather.test', ports: [443] }] } },
    },
    ...extra,
  };
}
