import type { Bundle } from '@sigstore/bundle';
import { IN_TOTO_PAYLOAD_TYPE } from './entity.js';
import { type BundleCheckCode, toBundleCheckFailure } from './failure.js';
import type { FulcioIdentity } from './fulcio.js';
import { findNpmKey, type NpmRegistryKey } from './npm-keys.js';
import { parseBundle } from './verify-bundle.js';

export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const SLSA_PROVENANCE_V02 = 'https://slsa.dev/provenance/v0.2';
export const NPM_PUBLISH_V01 = 'https://github.com/npm/attestation/tree/main/specs/publish/v0.1';
export const PROVENANCE_TYPES = new Set([SLSA_PROVENANCE_V1, SLSA_PROVENANCE_V02]);
const STATEMENT_TYPES = new Set(['https://in-toto.io/Statement/v1', 'https://in-toto.io/Statement/v0.1']);

export type NpmProvenanceCode =
  | 'attestations_missing'
  | 'provenance_missing'
  | 'publish_attestation_missing'
  | 'attestation_duplicate'
  | 'attestation_malformed'
  | 'payload_type_unsupported'
  | 'statement_malformed'
  | 'predicate_type_unsupported'
  | 'predicate_type_mismatch'
  | 'subject_malformed'
  | 'subject_name_mismatch'
  | 'subject_digest_mismatch'
  | 'integrity_invalid'
  | 'keyid_missing'
  | 'keyid_mismatch'
  | 'key_unknown'
  | 'identity_mismatch'
  | 'issuer_mismatch'
  | 'expected_identity_incomplete'
  | BundleCheckCode;

export interface NpmProvenanceFailure {
  code: NpmProvenanceCode;
  severity: 'medium' | 'high' | 'critical';
  message: string;
  evidence: { predicateType?: string; expected?: string; actual?: string; detail?: unknown };
}

export interface NpmAttestationSummary {
  predicateType: string;
  verified: boolean;
  keyId?: string;
  signer?: FulcioIdentity;
}

export interface ParsedAttestation {
  predicateType: string;
  bundle?: Bundle;
  failures: NpmProvenanceFailure[];
  summary: NpmAttestationSummary;
}

export function fail(
  code: NpmProvenanceCode,
  message: string,
  evidence: NpmProvenanceFailure['evidence'] = {},
): NpmProvenanceFailure {
  const severity = code.endsWith('_missing') ? 'medium' : code.endsWith('_malformed') ? 'high' : 'critical';
  return { code, severity, message, evidence };
}

export function integrityHex(integrity: string): string | undefined {
  const match = /^sha512-([A-Za-z0-9+/]{86}==)$/.exec(integrity.trim());
  return match?.[1] === undefined ? undefined : Buffer.from(match[1], 'base64').toString('hex');
}

export function listAttestations(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value;
  const list = (value as { attestations?: unknown }).attestations;
  return Array.isArray(list) ? list : [value];
}

/** Structural checks of one attestation: everything that needs no cryptography, in a fixed order. */
export function inspectAttestation(
  entry: unknown,
  purl: string,
  digest: string,
  keys: readonly NpmRegistryKey[],
): ParsedAttestation {
  const wrapperType = (entry as { predicateType?: unknown })?.predicateType;
  const predicateType = typeof wrapperType === 'string' ? wrapperType : '';
  const summary: NpmAttestationSummary = { predicateType, verified: false };
  const parsed: ParsedAttestation = { predicateType, failures: [], summary };
  const at = (code: NpmProvenanceCode, message: string, evidence: NpmProvenanceFailure['evidence'] = {}) => {
    parsed.failures.push(fail(code, message, { predicateType, ...evidence }));
    return parsed;
  };
  let bundle: Bundle;
  try {
    bundle = parseBundle((entry as { bundle?: unknown })?.bundle);
  } catch (error) {
    const failure = toBundleCheckFailure(error);
    if (failure.code === 'signature_invalid') return at('signature_invalid', failure.message);
    return at('attestation_malformed', `attestation bundle is malformed: ${failure.message}`);
  }
  parsed.bundle = bundle;
  if (bundle.content.$case !== 'dsseEnvelope')
    return at('attestation_malformed', 'attestation is not a DSSE envelope');
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return at('payload_type_unsupported', `unsupported payload type ${envelope.payloadType}`, {
      actual: envelope.payloadType,
    });
  }
  let statement: { _type?: unknown; subject?: unknown; predicateType?: unknown };
  try {
    statement = JSON.parse(Buffer.from(envelope.payload).toString('utf8'));
  } catch {
    return at('statement_malformed', 'the DSSE payload is not JSON');
  }
  if (typeof statement !== 'object' || statement === null || !STATEMENT_TYPES.has(String(statement._type))) {
    return at('statement_malformed', 'the payload is not an in-toto statement');
  }
  const type = String(statement.predicateType);
  if (!PROVENANCE_TYPES.has(type) && type !== NPM_PUBLISH_V01) {
    return at('predicate_type_unsupported', `unsupported predicate type ${type}`, { actual: type });
  }
  if (type !== predicateType) {
    return at(
      'predicate_type_mismatch',
      'the statement predicate type differs from the one it is listed under',
      {
        expected: predicateType,
        actual: type,
      },
    );
  }
  summary.predicateType = type;
  parsed.predicateType = type;
  const subjects = Array.isArray(statement.subject)
    ? (statement.subject as Array<Record<string, unknown>>)
    : [];
  const wellFormed = (s: Record<string, unknown>) =>
    typeof s?.name === 'string' &&
    typeof (s.digest as Record<string, unknown> | undefined)?.sha512 === 'string' &&
    /^[0-9a-f]{128}$/.test((s.digest as Record<string, string>).sha512 as string);
  if (subjects.length === 0 || !subjects.every(wellFormed)) {
    return at('subject_malformed', 'every subject needs a name and a sha512 digest');
  }
  const named = subjects.find((s) => s.name === purl);
  if (named === undefined) {
    return at('subject_name_mismatch', `no subject is ${purl}`, {
      expected: purl,
      actual: subjects.map((s) => s.name).join(', '),
    });
  }
  const actual = (named.digest as Record<string, string>).sha512;
  if (actual !== digest) {
    return at('subject_digest_mismatch', 'the subject digest is not the tarball integrity', {
      expected: digest,
      actual,
    });
  }
  const keyId = envelope.signatures[0]?.keyid ?? '';
  const material = bundle.verificationMaterial.content;
  if (material.$case === 'publicKey') {
    if (keyId === '') return at('keyid_missing', 'the npm-signed attestation names no keyid');
    if (keyId !== material.publicKey.hint) {
      return at('keyid_mismatch', 'the signature keyid differs from the bundle key hint', {
        expected: material.publicKey.hint,
        actual: keyId,
      });
    }
    if (findNpmKey(keyId, keys) === undefined)
      return at('key_unknown', `${keyId} is not an npm registry key`, { actual: keyId });
    summary.keyId = keyId;
  } else if (keyId !== '') {
    // A certificate-signed (keyless) attestation claims no key; one that does is not what npm produced.
    return at('keyid_mismatch', `a certificate-signed attestation names keyid ${keyId}`, { actual: keyId });
  }
  if (material.$case === 'publicKey' ? PROVENANCE_TYPES.has(type) : type === NPM_PUBLISH_V01) {
    return at('attestation_malformed', `${type} is signed with the wrong kind of key`);
  }
  return parsed;
}
