import { createHash, type KeyObject } from 'node:crypto';
import type { Bundle, Envelope, MessageSignature } from '@sigstore/bundle';
import { crypto as coreCrypto, dsse } from '@sigstore/core';
import { HashAlgorithm } from '@sigstore/protobuf-specs';
import { type SignedEntity, toSignedEntity } from '@sigstore/verify';
import { BundleCheckFailure } from './failure.js';
import { type DigestAlgorithm, verifyPrehashed } from './prehashed.js';

/** What a bundle is checked against: the artifact's bytes, or only its SHA-256 digest. */
export type BundleArtifact = { bytes: Uint8Array } | { sha256: string };

type SignatureContent = SignedEntity['signature'];

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

const HASHES: Partial<Record<HashAlgorithm, DigestAlgorithm>> = {
  [HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: 'sha256',
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
};

function hash(algorithm: DigestAlgorithm, data: Uint8Array): Buffer {
  return createHash(algorithm).update(data).digest();
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return coreCrypto.bufferEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * The signed entity @sigstore/verify checks, built so that every comparison is against what the caller
 * holds (the artifact or its digest), never against the bundle's own unauthenticated digest hint.
 */
export function toBundleEntity(bundle: Bundle, artifact: BundleArtifact): SignedEntity {
  const base = toSignedEntity(bundle);
  const content = bundle.content;
  const signature =
    content.$case === 'messageSignature'
      ? messageContent(content.messageSignature, artifact)
      : envelopeContent(content.dsseEnvelope, bundle);
  return { ...base, signature };
}

function messageContent(message: MessageSignature, artifact: BundleArtifact): SignatureContent {
  const algorithm = HASHES[message.messageDigest.algorithm];
  if (algorithm === undefined)
    throw new BundleCheckFailure('bundle_unsupported', 'unsupported message digest algorithm');
  let digest: Buffer;
  if ('bytes' in artifact) digest = hash(algorithm, artifact.bytes);
  else {
    if (algorithm !== 'sha256') {
      throw new BundleCheckFailure(
        'artifact_mismatch',
        `bundle signs a ${algorithm} digest; only a sha256 digest was given`,
      );
    }
    digest = Buffer.from(artifact.sha256, 'hex');
  }
  const hint = message.messageDigest.digest;
  // The bundle's digest is an unauthenticated hint, but one that disagrees with the artifact means the
  // bundle was made for something else.
  if (hint.length > 0 && !equal(hint, digest)) {
    throw new BundleCheckFailure(
      'artifact_mismatch',
      'the bundle message digest does not match the artifact',
      {
        bundleDigest: Buffer.from(hint).toString('hex'),
        artifactDigest: digest.toString('hex'),
      },
    );
  }
  const signature = Buffer.from(message.signature);
  return {
    signature,
    compareSignature: (other) => equal(other, signature),
    compareDigest: (other) => equal(other, digest),
    verifySignature: (key: KeyObject) => {
      if ('bytes' in artifact) {
        // Ed25519 signs the message itself; its verify takes no digest name.
        const name =
          key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448' ? undefined : algorithm;
        return coreCrypto.verify(Buffer.from(artifact.bytes), key, signature, name);
      }
      return verifyPrehashed(key, digest, signature, algorithm);
    },
  };
}

/**
 * DSSE content. Rekor v1 logs a dsse/intoto entry over the payload hash; Rekor v2 logs a
 * hashedrekord/0.0.2 entry over the hash of the PAE (rekor-v2 spec "hashedrekord over DSSE"), which
 * @sigstore/verify 3 compares against the payload hash and so rejects. The digest compared is chosen
 * by the kind of the bundle's log entries; a bundle mixing both kinds is refused.
 */
function envelopeContent(envelope: Envelope, bundle: Bundle): SignatureContent {
  const first = envelope.signatures[0];
  if (envelope.signatures.length !== 1 || first === undefined) {
    throw new BundleCheckFailure('bundle_malformed', 'DSSE envelope must carry exactly one signature');
  }
  const pae = dsse.preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload));
  const kinds = new Set(bundle.verificationMaterial.tlogEntries.map((e) => e.kindVersion?.kind));
  if (kinds.has('hashedrekord') && kinds.size > 1) {
    throw new BundleCheckFailure('bundle_unsupported', 'bundle mixes hashedrekord and DSSE log entries');
  }
  const logged = kinds.has('hashedrekord') ? hash('sha256', pae) : hash('sha256', envelope.payload);
  const signature = Buffer.from(first.sig);
  return {
    signature,
    compareSignature: (other) => equal(other, signature),
    compareDigest: (other) => equal(other, logged),
    verifySignature: (key: KeyObject) => coreCrypto.verify(pae, key, signature),
  };
}

/** In-toto subject check: the artifact (or its sha256) must be one of the statement's subjects. */
export function assertStatementSubject(bundle: Bundle, artifact: BundleArtifact): unknown {
  if (bundle.content.$case !== 'dsseEnvelope') return undefined;
  const envelope = bundle.content.dsseEnvelope;
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new BundleCheckFailure(
      'bundle_unsupported',
      `DSSE payload type ${envelope.payloadType} is not in-toto`,
    );
  }
  let statement: { subject?: unknown };
  try {
    statement = JSON.parse(Buffer.from(envelope.payload).toString('utf8'));
  } catch {
    throw new BundleCheckFailure('bundle_malformed', 'DSSE payload is not JSON');
  }
  const subjects = Array.isArray(statement?.subject) ? (statement.subject as unknown[]) : [];
  const matches = subjects.some((subject) => {
    const digests = (subject as { digest?: Record<string, unknown> })?.digest;
    if (typeof digests !== 'object' || digests === null) return false;
    return Object.entries(digests).some(([name, value]) => {
      if (typeof value !== 'string') return false;
      if ('sha256' in artifact) return name === 'sha256' && value.toLowerCase() === artifact.sha256;
      if (name !== 'sha256' && name !== 'sha384' && name !== 'sha512') return false;
      return value.toLowerCase() === hash(name, artifact.bytes).toString('hex');
    });
  });
  if (!matches) {
    throw new BundleCheckFailure(
      'artifact_mismatch',
      'the artifact is not a subject of the in-toto statement',
      {
        subjects: subjects.length,
      },
    );
  }
  return statement;
}
