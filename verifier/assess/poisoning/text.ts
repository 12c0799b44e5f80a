import { classifyHidden } from './visible.js';

/**
 * A text prepared for matching: hidden characters removed (so a zero-width space inside "ig​nore" does not
 * defeat a rule) with a map back to offsets in the original, which is what evidence must point at.
 */
export interface PreparedText {
  original: string;
  norm: string;
  /** map[i] = offset in original of norm[i]; map[norm.length] = original.length. */
  map: number[];
  sentences: Span[];
}

export interface Span {
  start: number;
  end: number;
}

export function prepareText(original: string): PreparedText {
  let norm = '';
  const map: number[] = [];
  let i = 0;
  for (const ch of original) {
    const cp = ch.codePointAt(0) ?? 0;
    if (classifyHidden(cp) === undefined) {
      for (let k = 0; k < ch.length; k++) {
        norm += ch[k];
        map.push(i + k);
      }
    }
    i += ch.length;
  }
  map.push(original.length);
  return { original, norm, map, sentences: splitSentences(norm) };
}

/** Offsets in the original text for a span of the normalized text. */
export function toOriginal(t: PreparedText, span: Span): Span {
  const start = t.map[span.start] ?? t.original.length;
  const last = t.map[Math.max(span.start, span.end - 1)] ?? start;
  return { start, end: span.end > span.start ? last + 1 : start };
}

// Descriptions wrap lines in the middle of sentences, so a single line feed is not a boundary (a sentence
// segmenter breaks on every one); sentence punctuation, blank lines and list items are.
// A line holding only markup (`<IMPORTANT>`) is a boundary on both sides.
const BOUNDARY =
  /[.!?]+["')\]]*(?=\s|$)|\n[ \t]*\n|\n(?=[ \t]*(?:[-*•#>]|\d+[.)])\s)|\n(?=[ \t]*<\/?[A-Za-z])|>[ \t]*\n/g;

/** Sentence spans, trimmed of surrounding whitespace so evidence starts at the first word. */
export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  const push = (from: number, to: number) => {
    let start = from;
    let end = to;
    while (start < end && /\s/.test(text[start] ?? '')) start++;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    if (end > start) out.push({ start, end });
  };
  let start = 0;
  for (const m of text.matchAll(BOUNDARY)) {
    const end = (m.index ?? 0) + m[0].length;
    push(start, end);
    start = end;
  }
  push(start, text.length);
  return out;
}

/** Every match of a global regex over the normalized text. */
export function matchAll(
  t: PreparedText,
  re: RegExp,
  within?: Span,
): Array<Span & { match: RegExpExecArray }> {
  const out: Array<Span & { match: RegExpExecArray }> = [];
  const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
  const global = new RegExp(re.source, flags);
  const base = within?.start ?? 0;
  const text = within ? t.norm.slice(within.start, within.end) : t.norm;
  for (let m = global.exec(text); m !== null; m = global.exec(text)) {
    if (m[0].length === 0) {
      global.lastIndex++;
      continue;
    }
    out.push({ start: base + m.index, end: base + m.index + m[0].length, match: m });
  }
  return out;
}

/** The sentences around (and including) the one holding a span: the window co-occurrence rules look at. */
export function windowAround(t: PreparedText, span: Span, radius = 1): Span {
  // The first sentence ending after the span's start: spans that begin in the whitespace between
  // sentences belong to the next one.
  const idx = t.sentences.findIndex((s) => span.start < s.end);
  if (idx < 0) return { start: 0, end: t.norm.length };
  const first = t.sentences[Math.max(0, idx - radius)] ?? { start: 0, end: 0 };
  const last = t.sentences[Math.min(t.sentences.length - 1, idx + radius)] ?? {
    start: 0,
    end: t.norm.length,
  };
  return { start: first.start, end: last.end };
}

export function sentenceOf(t: PreparedText, span: Span): Span {
  return windowAround(t, span, 0);
}
