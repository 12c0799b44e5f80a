import type { Finding, Severity } from '../../../registry/records/index.js';
import { maxSeverity, ownerLabel, rawFinding, type TextRule, textFinding } from './rule.js';
import { matchAll } from './text.js';
import { classifyHidden, clipEvidence, decodeTagChars, type HiddenClass, toVisible } from './visible.js';

const HIDDEN_SEVERITY: Record<HiddenClass, Severity> = {
  tag: 'critical',
  bidi: 'high',
  'variation-selector': 'low',
  'zero-width': 'medium',
  'invisible-format': 'low',
};

// Joiners between two non-ASCII characters are how emoji sequences and several scripts (Arabic, Indic)
// are written; between ASCII they only hide a boundary.
function isLegitJoiner(text: string, at: number, cp: number, width: number): boolean {
  if (cp !== 0x200d && cp !== 0x200c) return false;
  const before = text.codePointAt(
    at - 1 >= 0 && /[\udc00-\udfff]/.test(text[at - 1] ?? '') ? at - 2 : at - 1,
  );
  const after = text.codePointAt(at + width);
  return before !== undefined && after !== undefined && before > 0x7f && after > 0x7f;
}

export const hiddenUnicodeRule: TextRule = {
  id: 'poison.hidden-unicode',
  category: 'hidden-content',
  check({ site }) {
    const findings: Finding[] = [];
    const text = site.text;
    let run: { start: number; end: number; classes: Set<HiddenClass>; count: number } | undefined;
    const flush = () => {
      if (!run) return;
      let severity: Severity = 'info';
      for (const cls of run.classes) severity = maxSeverity(severity, HIDDEN_SEVERITY[cls]);
      // A lone variation selector can be an artefact; a run of them can carry a byte each.
      if (run.classes.has('variation-selector') && run.count > 1) severity = maxSeverity(severity, 'high');
      // A byte-order mark at the very start is an encoding artefact, not an attempt to hide anything.
      if (run.start === 0 && run.count === 1 && text.charCodeAt(0) === 0xfeff) severity = 'low';
      const span = { start: run.start, end: run.end };
      const raw = text.slice(run.start, run.end);
      const classes = [...run.classes].sort().join(', ');
      const decoded = run.classes.has('tag') ? decodeTagChars(raw) : '';
      const detail = decoded
        ? `${run.count} invisible Unicode tag character(s) in the ${ownerLabel(site)} spell out: ${JSON.stringify(clipEvidence(decoded, 2000))}`
        : `${run.count} invisible character(s) (${classes}) in the ${ownerLabel(site)}: a reader does not see them, a model does`;
      findings.push(
        rawFinding(
          site,
          hiddenUnicodeRule,
          severity,
          decoded ? 'Hidden text in Unicode tag characters' : `Hidden Unicode characters (${classes})`,
          span,
          detail,
        ),
      );
      run = undefined;
    };
    let i = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      const cls = classifyHidden(cp);
      if (cls !== undefined && !isLegitJoiner(text, i, cp, ch.length) && !(cp === 0xfe0f)) {
        if (run && run.end === i) {
          run.end = i + ch.length;
          run.classes.add(cls);
          run.count++;
        } else {
          flush();
          run = { start: i, end: i + ch.length, classes: new Set([cls]), count: 1 };
        }
      } else if (run) flush();
      i += ch.length;
    }
    flush();
    return findings;
  },
};

function isTextLike(bytes: Uint8Array): string | undefined {
  if (bytes.length < 12) return undefined;
  let printable = 0;
  let letters = 0;
  for (const b of bytes) {
    if ((b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d) printable++;
    if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x20) letters++;
  }
  if (printable / bytes.length < 0.95 || letters / bytes.length < 0.7) return undefined;
  const text = new TextDecoder().decode(bytes);
  // Language, not a coincidence: at least two runs of three or more letters.
  return (text.match(/[A-Za-z]{3,}/g)?.length ?? 0) >= 2 ? text : undefined;
}

function decodeBase64(s: string): Uint8Array | undefined {
  try {
    const std = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    const padded = std + '='.repeat((4 - (std.length % 4)) % 4);
    return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function decodeHex(s: string): Uint8Array | undefined {
  const h = s.replace(/^0x/i, '');
  if (h.length % 2 !== 0) return undefined;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Shannon entropy in bits per character. */
export function entropyOf(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const BASE64 = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const HEX = /(?<![0-9A-Za-z])(?:0x)?[0-9a-fA-F]{32,}(?![0-9A-Za-z])/g;
const ESCAPES = /(?:\\x[0-9a-fA-F]{2}){8,}|(?:\\u[0-9a-fA-F]{4}){6,}/g;
const URL_LIKE = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;

export const encodedPayloadRule: TextRule = {
  id: 'poison.encoded-payload',
  category: 'obfuscation',
  check(ctx) {
    const findings: Finding[] = [];
    const urls = matchAll(ctx.text, URL_LIKE);
    const inUrl = (s: { start: number; end: number }) => urls.some((u) => s.start < u.end && s.end > u.start);
    const report = (span: { start: number; end: number }, kind: string, decoded: string | undefined) => {
      if (decoded !== undefined) {
        findings.push(
          textFinding(
            ctx,
            encodedPayloadRule,
            'high',
            `${kind}-encoded text`,
            span,
            `A ${kind} string in the ${ownerLabel(ctx.site)} decodes to readable text a model can follow but a reviewer does not see: ${JSON.stringify(clipEvidence(toVisible(decoded), 1000))}`,
          ),
        );
      } else {
        findings.push(
          textFinding(
            ctx,
            encodedPayloadRule,
            'medium',
            `Long opaque ${kind} blob`,
            span,
            `${span.end - span.start} characters of high-entropy ${kind} data in the ${ownerLabel(ctx.site)}`,
          ),
        );
      }
    };
    for (const m of matchAll(ctx.text, ESCAPES)) {
      const s = m.match[0];
      const bytes = s.startsWith('\\x')
        ? decodeHex(s.replace(/\\x/g, ''))
        : new TextEncoder().encode(
            s.replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16))),
          );
      report(m, 'escape-sequence', bytes ? isTextLike(bytes) : undefined);
    }
    const hexSpans = matchAll(ctx.text, HEX);
    for (const m of hexSpans) {
      const bytes = decodeHex(m.match[0]);
      const text = bytes ? isTextLike(bytes) : undefined;
      // Hashes, keys and addresses are hex too; only text or very long blobs are worth a look.
      if (text !== undefined || m.match[0].length >= 256) report(m, 'hex', text);
    }
    for (const m of matchAll(ctx.text, BASE64)) {
      const s = m.match[0];
      if (inUrl(m) || hexSpans.some((h) => h.start <= m.start && h.end >= m.end)) continue;
      if (!/[A-Z]/.test(s) || !/[a-z]/.test(s)) continue;
      const bytes = decodeBase64(s);
      const text = bytes ? isTextLike(bytes) : undefined;
      if (text !== undefined) report(m, 'base64', text);
      else if (s.length >= 120 && entropyOf(s) >= 4.5) report(m, 'base64', undefined);
    }
    return findings;
  },
};
