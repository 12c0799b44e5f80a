/** What a string literal in code says about the package: URLs it talks to, data it hides. */
export type StringSignal =
  | { kind: 'url'; what: string; host: string }
  | { kind: 'obfuscation'; what: string; weight: 'low' | 'medium' };

export const OBFUSCATED_IDENTIFIER = /^_0x[0-9a-f]{3,}$/i;

const URL_IN_STRING = /\b(?:https?|wss?):\/\/[^\s'"`<>\\]+/gi;
const HIGH_ENTROPY_MIN_LENGTH = 200;
const HIGH_ENTROPY_BITS = 5.0;
const VERY_LONG = 20_000;
const HEX_ESCAPES = /\\x[0-9a-fA-F]{2}/g;

export function shannonEntropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

// Bundles embed images, fonts and wasm as base64; those are assets, not hidden code.
const ASSET_MAGIC: Array<{ bytes: number[]; what: string }> = [
  { bytes: [0x00, 0x61, 0x73, 0x6d], what: 'WebAssembly' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'PNG' },
  { bytes: [0xff, 0xd8, 0xff], what: 'JPEG' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'GIF' },
  { bytes: [0x77, 0x4f, 0x46, 0x46], what: 'WOFF' },
  { bytes: [0x77, 0x4f, 0x46, 0x32], what: 'WOFF2' },
  { bytes: [0x1f, 0x8b], what: 'gzip' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'PDF' },
  { bytes: [0x00, 0x01, 0x00, 0x00], what: 'TrueType' },
];

function base64Asset(s: string): string | undefined {
  const body = s.replace(/^data:[^,]*,/, '');
  if (!/^[A-Za-z0-9+/=_-]+$/.test(body)) return undefined;
  try {
    const head = atob(body.slice(0, 16).replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = [...head].map((c) => c.charCodeAt(0));
    return ASSET_MAGIC.find((m) => m.bytes.every((b, i) => bytes[i] === b))?.what;
  } catch {
    return undefined;
  }
}

export function inspectString(value: string, raw: string): StringSignal[] {
  const out: StringSignal[] = [];
  for (const m of value.matchAll(URL_IN_STRING)) {
    const url = m[0].replace(/[.,;:!?)\]}]+$/, '');
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      continue;
    }
    // Template placeholders (`https://${host}/…`) leave no host to name.
    if (host) out.push({ kind: 'url', what: url.length > 200 ? `${url.slice(0, 199)}…` : url, host });
  }
  if (value.length >= HIGH_ENTROPY_MIN_LENGTH) {
    const spaces = (value.match(/\s/g)?.length ?? 0) / value.length;
    if (spaces < 0.02 && shannonEntropy(value) >= HIGH_ENTROPY_BITS) {
      const asset = base64Asset(value);
      out.push(
        asset
          ? { kind: 'obfuscation', what: `embedded ${asset} data (${value.length} chars)`, weight: 'low' }
          : { kind: 'obfuscation', what: `high-entropy string (${value.length} chars)`, weight: 'medium' },
      );
    } else if (value.length >= VERY_LONG) {
      out.push({ kind: 'obfuscation', what: `very long string (${value.length} chars)`, weight: 'low' });
    }
  }
  const escapes = raw.match(HEX_ESCAPES)?.length ?? 0;
  if (escapes >= 20)
    out.push({ kind: 'obfuscation', what: `hex-escaped string (${escapes} \\x escapes)`, weight: 'medium' });
  return out;
}
