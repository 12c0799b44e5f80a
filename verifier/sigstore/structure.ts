import {
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
} from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import { BundleCheckFailure } from './failure.js';

const MEDIA_TYPES = new Set([
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
]);

// Fields the bundle's protobuf JSON form carries as base64. The generated parser decodes with
// Buffer.from(…, 'base64'), which silently drops invalid characters; a bundle is rejected instead.
const BASE64_FIELDS = new Set([
  'rawBytes',
  'signature',
  'digest',
  'payload',
  'sig',
  'keyId',
  'canonicalizedBody',
  'signedEntryTimestamp',
  'rootHash',
  'signedTimestamp',
]);

// Standard or URL-safe alphabet, padded or not (both are valid protobuf JSON), never a stray character.
// Line breaks are tolerated as Go's and Python's decoders do (MIME-wrapped output of `base64`).
const BASE64_TEXT = /^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/;
const BASE64 = { test: (value: string) => BASE64_TEXT.test(value.replace(/\r?\n/g, '')) };
const UINT = /^(0|[1-9][0-9]*)$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkBase64(node: unknown, path: string, problems: string[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      if (typeof item === 'string' && path.endsWith('/hashes')) {
        if (!BASE64.test(item)) problems.push(`${path}/${i} is not base64`);
      } else checkBase64(item, `${path}/${i}`, problems);
    });
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if (typeof value === 'string' && BASE64_FIELDS.has(key) && !BASE64.test(value)) {
      problems.push(`${path}/${key} is not base64`);
    } else checkBase64(value, `${path}/${key}`, problems);
  }
}

/**
 * What @sigstore/bundle's own validation lets through but a verifier must not: unknown media types,
 * invalid base64, negative or non-numeric log indexes, DSSE envelopes with other than one signature,
 * inclusion proofs without a checkpoint (the library would crash on them).
 */
export function assertBundleStructure(json: unknown): void {
  if (!isObject(json)) throw new BundleCheckFailure('bundle_malformed', 'bundle is not a JSON object');
  if (typeof json.mediaType !== 'string' || !MEDIA_TYPES.has(json.mediaType)) {
    throw new BundleCheckFailure(
      'bundle_unsupported',
      `unsupported bundle media type ${String(json.mediaType)}`,
    );
  }
  const problems: string[] = [];
  checkBase64(json, '', problems);
  const material = isObject(json.verificationMaterial) ? json.verificationMaterial : {};
  if (problems.length === 0) assertChainWithoutRoot(material);
  const entries = Array.isArray(material.tlogEntries) ? material.tlogEntries : [];
  entries.forEach((entry, i) => {
    if (!isObject(entry)) {
      problems.push(`/verificationMaterial/tlogEntries/${i} is not an object`);
      return;
    }
    for (const field of ['logIndex', 'integratedTime'] as const) {
      const v = entry[field];
      if (v !== undefined && !(typeof v === 'string' && UINT.test(v)) && !(typeof v === 'number' && v >= 0)) {
        problems.push(`/verificationMaterial/tlogEntries/${i}/${field} must be a non-negative integer`);
      }
    }
    const proof = entry.inclusionProof;
    if (proof !== undefined) {
      if (!isObject(proof) || !isObject(proof.checkpoint) || typeof proof.checkpoint.envelope !== 'string') {
        problems.push(`/verificationMaterial/tlogEntries/${i}/inclusionProof has no checkpoint`);
      } else if (proof.logIndex !== undefined && !UINT.test(String(proof.logIndex))) {
        problems.push(`/verificationMaterial/tlogEntries/${i}/inclusionProof/logIndex must be non-negative`);
      }
    }
  });
  const envelope = json.dsseEnvelope;
  if (isObject(envelope) && (!Array.isArray(envelope.signatures) || envelope.signatures.length !== 1)) {
    problems.push('/dsseEnvelope/signatures must hold exactly one signature');
  }
  if (problems.length > 0) {
    throw new BundleCheckFailure('bundle_malformed', `bundle is malformed: ${problems.join('; ')}`, {
      problems,
    });
  }
}

/**
 * A bundle names only its leaf (and at most intermediates): trust anchors come from the trusted root.
 * A chain that carries a self-signed root invites path building to trust it, so it is rejected outright.
 */
function assertChainWithoutRoot(material: Record<string, unknown>): void {
  const chain = material.x509CertificateChain;
  if (!isObject(chain)) return;
  const certs = Array.isArray(chain.certificates) ? chain.certificates : [];
  if (certs.length === 0) throw new BundleCheckFailure('bundle_malformed', 'certificate chain is empty');
  certs.forEach((entry, i) => {
    const raw = isObject(entry) ? entry.rawBytes : undefined;
    if (typeof raw !== 'string')
      throw new BundleCheckFailure('bundle_malformed', `certificate ${i} has no bytes`);
    let cert: X509Certificate;
    try {
      cert = X509Certificate.parse(Buffer.from(raw, 'base64'));
    } catch (error) {
      throw new BundleCheckFailure(
        'bundle_malformed',
        `certificate ${i} is not DER X.509: ${(error as Error).message}`,
      );
    }
    if (cert.subject.equals(cert.issuer) && safeVerify(cert)) {
      throw new BundleCheckFailure(
        'certificate_invalid',
        `certificate chain contains a self-signed root (certificate ${i}); roots come only from the trusted root`,
      );
    }
  });
}

function safeVerify(cert: X509Certificate): boolean {
  try {
    return cert.verify();
  } catch {
    return false;
  }
}
