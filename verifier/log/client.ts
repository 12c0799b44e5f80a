import { fromBase64 } from '../../registry/log/index.js';
import { VerifierError } from '../errors/index.js';

export interface LogClientOptions {
  /** Registry base URL. */
  registry: string;
  token?: string;
  /** Injected for tests and offline use; defaults to the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
  timeoutMs?: number;
}

/** The registry's log endpoints, fetched; every answer is checked for shape before it is returned. */
export interface LogClient {
  fetchCheckpoint(): Promise<string>;
  fetchConsistencyProof(from: number, to: number): Promise<Uint8Array[]>;
  fetchInclusionProof(index: number, size: number): Promise<Uint8Array[]>;
  fetchEntries(start: number, end: number): Promise<{ start: number; entries: Uint8Array[] }>;
}

const encoder = new TextEncoder();

export function createLogClient(options: LogClientOptions): LogClient {
  const doFetch = options.fetch ?? ((request: Request) => fetch(request));
  const base = options.registry.endsWith('/') ? options.registry : `${options.registry}/`;

  async function get(path: string, accept: string): Promise<Response> {
    let url: URL;
    try {
      url = new URL(path, base);
    } catch (cause) {
      throw new VerifierError('usage', `not a registry URL: ${options.registry}`, { cause });
    }
    const headers: Record<string, string> = { accept };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let response: Response;
    try {
      response = await doFetch(
        new Request(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) }),
      );
    } catch (cause) {
      throw new VerifierError('registry_unreachable', `cannot reach the registry log at ${url.origin}`, {
        cause,
      });
    }
    if (!response.ok) {
      const body = await response.text();
      throw new VerifierError(
        'registry_error',
        `the registry log answered ${response.status} for ${url.pathname}`,
        {
          details: { status: response.status, body: body.slice(0, 2000) },
        },
      );
    }
    return response;
  }

  async function getJson(path: string): Promise<Record<string, unknown>> {
    const response = await get(path, 'application/json');
    try {
      const json = (await response.json()) as unknown;
      if (json !== null && typeof json === 'object' && !Array.isArray(json))
        return json as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new VerifierError(
      'registry_error',
      `the registry log answered ${path} with something other than a JSON object`,
    );
  }

  function toHashes(value: unknown, what: string): Uint8Array[] {
    const hashes = Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? fromBase64(v) : undefined))
      : [];
    if (!Array.isArray(value) || hashes.some((h) => h?.length !== 32)) {
      throw new VerifierError(
        'registry_error',
        `the registry's ${what} is not a list of base64 SHA-256 hashes`,
      );
    }
    return hashes as Uint8Array[];
  }

  return {
    async fetchCheckpoint() {
      return (await get('v1/log/checkpoint', 'text/plain')).text();
    },
    async fetchConsistencyProof(from, to) {
      const json = await getJson(`v1/log/proof/consistency?from=${from}&to=${to}`);
      return toHashes(json.proof, 'consistency proof');
    },
    async fetchInclusionProof(index, size) {
      const json = await getJson(`v1/log/proof/inclusion?index=${index}&size=${size}`);
      return toHashes(json.proof, 'inclusion proof');
    },
    async fetchEntries(start, end) {
      const json = await getJson(`v1/log/entries?start=${start}&end=${end}`);
      if (
        json.start !== start ||
        !Array.isArray(json.entries) ||
        json.entries.some((e) => typeof e !== 'string')
      ) {
        throw new VerifierError('registry_error', 'the registry log answered entries in an unexpected shape');
      }
      return { start, entries: (json.entries as string[]).map((e) => encoder.encode(e)) };
    },
  };
}
