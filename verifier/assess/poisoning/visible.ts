/**
 * Hidden characters: code points a person reading a tool description never sees but a model reads.
 * Each class has its own weight: Unicode tag characters spell out invisible ASCII, bidi controls reorder
 * what is shown, zero-width characters hide boundaries or carry bits.
 */
export type HiddenClass = 'tag' | 'bidi' | 'zero-width' | 'variation-selector' | 'invisible-format';

export function classifyHidden(cp: number): HiddenClass | undefined {
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi';
  if (cp === 0x200b || cp === 0x200c || cp === 0x200d || cp === 0x2060 || cp === 0xfeff || cp === 0x180e)
    return 'zero-width';
  // The supplementary variation selectors attach to nothing in ordinary text; runs of them can encode bytes.
  if (cp >= 0xe0100 && cp <= 0xe01ef) return 'variation-selector';
  if (cp === 0x200e || cp === 0x200f || cp === 0x061c || cp === 0x00ad || (cp >= 0x2061 && cp <= 0x2064))
    return 'invisible-format';
  return undefined;
}

function hex(cp: number): string {
  return cp.toString(16).toUpperCase().padStart(4, '0');
}

/** A tag character U+E0020..U+E007E mirrors printable ASCII; the rest (begin/cancel) show as escapes. */
export function decodeTagChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCodePoint(cp - 0xe0000);
    else if (cp >= 0xe0000 && cp <= 0xe007f) out += `[U+${hex(cp)}]`;
  }
  return out;
}

/**
 * The text with every hidden character replaced by a visible marker: runs of tag characters become
 * `[TAG:"decoded"]`, anything else hidden or a control character becomes `[U+XXXX]`.
 */
export function toVisible(text: string): string {
  let out = '';
  let tagRun = '';
  const flush = () => {
    if (tagRun) out += `[TAG:${JSON.stringify(decodeTagChars(tagRun))}]`;
    tagRun = '';
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const cls = classifyHidden(cp);
    if (cls === 'tag') {
      tagRun += ch;
      continue;
    }
    flush();
    if (cls !== undefined || (cp < 0x20 && cp !== 0x0a && cp !== 0x09 && cp !== 0x0d) || cp === 0x7f)
      out += `[U+${hex(cp)}]`;
    else out += ch;
  }
  flush();
  return out;
}

/** Evidence text is capped by the schema; keep the start, which is where a span's meaning is. */
export function clipEvidence(text: string, max = 4096): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
