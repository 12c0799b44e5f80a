// Byte helpers on Web APIs only (btoa/atob, TextEncoder): this folder runs on Cloudflare Workers too.

import { concatBytes, equalBytes, fromBase64 as fromBase64OrUndefined, toBase64 } from '../records/bytes.js';

export { concatBytes, equalBytes, toBase64 };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Strict standard base64 (padded, canonical); throws on anything else. */
export function fromBase64(text: string): Uint8Array {
  const bytes = fromBase64OrUndefined(text);
  if (bytes === undefined) throw new Error('not base64');
  return bytes;
}

export function toPem(label: 'PUBLIC KEY' | 'PRIVATE KEY', der: Uint8Array): string {
  const body = toBase64(der).replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

export function fromPem(pem: string, label: 'PUBLIC KEY' | 'PRIVATE KEY'): Uint8Array {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(pem);
  if (!match?.[1]) throw new Error(`not a PEM ${label.toLowerCase()}`);
  return fromBase64(match[1].replace(/\s+/g, ''));
}

/**
 * Web Crypto signs ECDSA as IEEE P1363 (r || s); Sigstore bundles and node:crypto use ASN.1 DER
 * (SEQUENCE { INTEGER r, INTEGER s }). Hand-written because Web Crypto offers no conversion and the
 * structure is two integers.
 */
export function p1363ToDer(signature: Uint8Array): Uint8Array {
  const half = signature.length / 2;
  const integer = (bytes: Uint8Array) => {
    let start = 0;
    while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
    const trimmed = bytes.subarray(start);
    const body = (trimmed[0] as number) & 0x80 ? concatBytes(new Uint8Array([0]), trimmed) : trimmed;
    return concatBytes(new Uint8Array([0x02, body.length]), body);
  };
  const seq = concatBytes(integer(signature.subarray(0, half)), integer(signature.subarray(half)));
  return concatBytes(new Uint8Array([0x30, seq.length]), seq);
}

/** DER ECDSA signature to P1363 with `size`-byte integers; undefined when it is not one. */
export function derToP1363(der: Uint8Array, size: number): Uint8Array | undefined {
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) return undefined;
  const out = new Uint8Array(size * 2);
  let offset = 2;
  for (let i = 0; i < 2; i += 1) {
    if (der[offset] !== 0x02) return undefined;
    const length = der[offset + 1] as number;
    let value = der.subarray(offset + 2, offset + 2 + length);
    if (value.length !== length || length === 0) return undefined;
    if (value[0] === 0 && value.length > 1) value = value.subarray(1);
    if (value.length > size) return undefined;
    out.set(value, i * size + (size - value.length));
    offset += 2 + length;
  }
  return offset === der.length ? out : undefined;
}
