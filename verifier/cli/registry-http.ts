import { VerifierError } from '../errors/index.js';

export interface RegistryCall {
  registry: string;
  token?: string | undefined;
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  timeoutMs?: number;
}

export interface RegistryErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** The registry's answer, or a VerifierError: unreachable is 'registry_unreachable', an error body 'registry_error'. */
export async function callRegistry<T>(call: RegistryCall): Promise<T> {
  let url: URL;
  try {
    url = new URL(
      call.path.replace(/^\//, ''),
      call.registry.endsWith('/') ? call.registry : `${call.registry}/`,
    );
  } catch (cause) {
    throw new VerifierError('usage', `not a registry URL: ${call.registry}`, { cause });
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method: call.method,
      headers,
      body: call.body === undefined ? null : JSON.stringify(call.body),
      signal: AbortSignal.timeout(call.timeoutMs ?? 30_000),
    });
  } catch (cause) {
    throw new VerifierError(
      'registry_unreachable',
      `cannot reach the registry at ${url.origin}: ${(cause as Error).message}`,
      {
        cause,
      },
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch (cause) {
    throw new VerifierError(
      'registry_error',
      `the registry answered ${response.status} with a body that is not JSON`,
      {
        cause,
      },
    );
  }
  if (!response.ok) {
    const body = json as Partial<RegistryErrorBody> | null;
    // 4xx: the registry understood and refused the request; 5xx: it could not answer it.
    throw new VerifierError(
      response.status < 500 ? 'registry_rejected' : 'registry_error',
      `${response.status} ${body?.code ?? 'error'}: ${body?.message ?? response.statusText}`,
      { details: { status: response.status, body } },
    );
  }
  return json as T;
}

/** The registry URL from --registry, MCPVET_REGISTRY, or the local default. */
export function resolveRegistryUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? env.MCPVET_REGISTRY ?? 'http://127.0.0.1:8787';
}

export function encodeName(name: string): string {
  return encodeURIComponent(name);
}
