import type { Bundle } from '@sigstore/bundle';
import { X509Certificate } from '@sigstore/core';

/** What a Fulcio certificate says about the build that signed: the identity npm provenance is pinned to. */
export interface FulcioIdentity {
  subjectAlternativeName?: string;
  issuer?: string;
  /** Source Repository URI (1.3.6.1.4.1.57264.1.12), or https://github.com/<1.3.6.1.4.1.57264.1.5>. */
  sourceRepository?: string;
  /** Build Config URI (1.3.6.1.4.1.57264.1.18): the top-level workflow and ref, when present. */
  buildConfig?: string;
}

const OID = {
  issuerV1: '1.3.6.1.4.1.57264.1.1',
  githubRepositoryV1: '1.3.6.1.4.1.57264.1.5',
  issuerV2: '1.3.6.1.4.1.57264.1.8',
  sourceRepository: '1.3.6.1.4.1.57264.1.12',
  buildConfig: '1.3.6.1.4.1.57264.1.18',
};

// Fulcio's first extensions hold the raw string; later ones (…1.8 on) a DER UTF8String.
function rawExtension(cert: X509Certificate, oid: string): string | undefined {
  return cert.extension(oid)?.value.toString('utf8');
}

function derExtension(cert: X509Certificate, oid: string): string | undefined {
  return cert.extension(oid)?.valueObj.subs?.[0]?.value.toString('utf8');
}

export function readFulcioIdentity(bundle: Bundle): FulcioIdentity | undefined {
  const content = bundle.verificationMaterial.content;
  const raw =
    content.$case === 'certificate'
      ? content.certificate.rawBytes
      : content.$case === 'x509CertificateChain'
        ? content.x509CertificateChain.certificates[0]?.rawBytes
        : undefined;
  if (raw === undefined) return undefined;
  const cert = X509Certificate.parse(Buffer.from(raw));
  const githubRepository = rawExtension(cert, OID.githubRepositoryV1);
  return {
    subjectAlternativeName: cert.subjectAltName,
    issuer: derExtension(cert, OID.issuerV2) ?? rawExtension(cert, OID.issuerV1),
    sourceRepository:
      derExtension(cert, OID.sourceRepository) ??
      (githubRepository === undefined ? undefined : `https://github.com/${githubRepository}`),
    buildConfig: derExtension(cert, OID.buildConfig),
  };
}
