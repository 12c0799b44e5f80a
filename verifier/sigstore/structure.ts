import type { Bundle } from '@sigstore/bundle';
import {
  BUNDLE_V01_MEDIA_TYPE,
  BUNDLE_V02_MEDIA_TYPE,
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
} from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';
import type { TrustMaterial } from '@sigstore/verify';
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
 * inclusion proofs without a checkpoint (the library would crash on them). Returns the JSON to parse.
 */
export function assertBundleStructure(json: unknown): Record<string, unknown> {
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
  if (problems.length === 0) assertChainParses(material);
  const entries = Array.isArray(material.tlogEntries) ? material.tlogEntries : [];
  const unverifiableProofs: number[] = [];
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
    if (proof === undefined || proof === null) return;
    if (!isObject(proof) || !isObject(proof.checkpoint) || typeof proof.checkpoint.envelope !== 'string') {
      // v0.1 bundles (cosign 2.0, 2023) carry proofs without a checkpoint; their inclusion rests on the
      // signed entry timestamp, so such a proof is left out rather than trusted or treated as fatal.
      if (json.mediaType === BUNDLE_V01_MEDIA_TYPE && isObject(entry.inclusionPromise)) {
        unverifiableProofs.push(i);
      } else problems.push(`/verificationMaterial/tlogEntries/${i}/inclusionProof has no checkpoint`);
    } else if (proof.logIndex !== undefined && !UINT.test(String(proof.logIndex))) {
      problems.push(`/verificationMaterial/tlogEntries/${i}/inclusionProof/logIndex must be non-negative`);
    }
  });
  const envelope = json.dsseEnvelope;
  if (isObject(envelope) && (!Array.isArray(envelope.signatures) || envelope.signatures.length !== 1)) {
    problems.push('/dsseEnvelope/signatures must hold exactly one signature');
  }
  if (problems.length > 0) {
    // A signature that is not even base64 is an invalid signature; say so rather than "malformed".
    const onlySignatures = problems.every((p) => /\/(sig|signature) is not base64$/.test(p));
    throw new BundleCheckFailure(
      onlySignatures ? 'signature_invalid' : 'bundle_malformed',
      onlySignatures
        ? `signature is not base64: ${problems.join('; ')}`
        : `bundle is malformed: ${problems.join('; ')}`,
      { problems },
    );
  }
  if (unverifiableProofs.length === 0) return json;
  const tlogEntries = entries.map((entry, i) =>
    unverifiableProofs.includes(i) ? { ...(entry as object), inclusionProof: undefined } : entry,
  );
  return { ...json, verificationMaterial: { ...material, tlogEntries } };
}

function assertChainParses(material: Record<string, unknown>): void {
  const chain = material.x509CertificateChain;
  if (!isObject(chain)) return;
  const certs = Array.isArray(chain.certificates) ? chain.certificates : [];
  if (certs.length === 0) throw new BundleCheckFailure('bundle_malformed', 'certificate chain is empty');
  certs.forEach((entry, i) => {
    const raw = isObject(entry) ? entry.rawBytes : undefined;
    if (typeof raw !== 'string')
      throw new BundleCheckFailure('bundle_malformed', `certificate ${i} has no bytes`);
    try {
      X509Certificate.parse(Buffer.from(raw, 'base64'));
    } catch (error) {
      throw new BundleCheckFailure(
        'bundle_malformed',
        `certificate ${i} is not DER X.509: ${(error as Error).message}`,
      );
    }
  });
}

/**
 * @sigstore/verify builds the path from the leaf to the trusted root's CAs and ignores the rest of a
 * bundle's chain. A chain that carries a self-signed root the trusted root does not know is a forged
 * chain (conformance: bundle-with-root-cert): rejected outright, whatever the leaf turns out to be.
 * Older bundles (npm provenance v0.1) carry the trusted Fulcio root itself, which is harmless.
 */
export function assertChainRootsTrusted(
  bundle: Bundle,
  authorities: TrustMaterial['certificateAuthorities'],
): void {
  const content = bundle.verificationMaterial.content;
  if (content.$case !== 'x509CertificateChain') return;
  const anchors = authorities.flatMap((ca) => ca.certChain);
  content.x509CertificateChain.certificates.forEach((entry, i) => {
    const cert = X509Certificate.parse(Buffer.from(entry.rawBytes));
    if (cert.subject.equals(cert.issuer) && safeVerify(cert) && !anchors.some((a) => a.equals(cert))) {
      throw new BundleCheckFailure(
        'certificate_invalid',
        `certificate ${i} of the bundle's chain is a self-signed root the trusted root does not hold`,
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
