import type { Assessment } from '../../../registry/records/index.js';
import { VerifierError } from '../../errors/index.js';

export interface SubmitOptions {
  /** The mcpvet registry's base URL. */
  registryUrl: string;
  token: string;
  name: string;
  version: string;
  assessment: Assessment;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface SubmitResult {
  digest: string;
  assessment: Assessment;
}

/**
 * POST /v1/servers/{name}/releases/{version}/assessments (docs/api.md). Unreachable or 5xx is
 * `registry_unreachable`; a 4xx is `registry_error` carrying the registry's code and issues.
 */
export async function submitAssessment(options: SubmitOptions): Promise<SubmitResult> {
  const base = options.registryUrl.replace(/\/+$/, '');
  const path = `/v1/servers/${encodeURIComponent(options.name)}/releases/${encodeURIComponent(options.version)}/assessments`;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(options.assessment),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new VerifierError('registry_unreachable', `registry ${base} is unreachable (${cause})`, {
      cause: error,
      details: { registry: base },
    });
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status >= 500)
    throw new VerifierError(
      'registry_unreachable',
      `registry ${base} answered ${response.status} for ${path}`,
      {
        details: { registry: base, status: response.status, body: text.slice(0, 500) },
      },
    );
  if (!response.ok) {
    const err = (body ?? {}) as { code?: string; message?: string; details?: unknown };
    throw new VerifierError(
      'registry_error',
      `registry ${base} answered ${response.status} ${err.code ?? ''} for ${path}${err.message ? `: ${err.message}` : ''}`,
      { details: { registry: base, status: response.status, code: err.code, details: err.details } },
    );
  }
  const ok = body as Partial<SubmitResult> | undefined;
  if (!ok || typeof ok.digest !== 'string')
    throw new VerifierError(
      'registry_error',
      `registry ${base} answered ${response.status} without a digest`,
      {
        details: { registry: base, body: text.slice(0, 500) },
      },
    );
  return { digest: ok.digest, assessment: (ok.assessment ?? options.assessment) as Assessment };
}
