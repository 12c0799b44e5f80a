/**
 * The registry layer's one error class. Every failure the API can report has a code from this closed
 * union; the HTTP layer maps codes to statuses and never sends `cause` or stack traces to clients.
 */
export type RegistryErrorCode =
  | 'bad_request'
  | 'invalid_json'
  | 'invalid_record'
  | 'invalid_name'
  | 'invalid_version'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_transition'
  | 'separation_of_duties'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

const HTTP_STATUS: Record<RegistryErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  invalid_record: 422,
  invalid_name: 400,
  invalid_version: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  separation_of_duties: 403,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class RegistryError extends Error {
  override readonly name = 'RegistryError';
  readonly code: RegistryErrorCode;
  readonly details: unknown;

  constructor(
    code: RegistryErrorCode,
    message: string,
    options: { details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export function toHttpStatus(code: RegistryErrorCode): number {
  return HTTP_STATUS[code];
}

export function isRegistryError(value: unknown): value is RegistryError {
  return value instanceof RegistryError;
}
