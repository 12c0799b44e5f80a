// Characters with a meaning in regular expressions (JavaScript and RE2 alike). '/' and '-' are left alone:
// they are literal outside character classes, and escaping '-' is a syntax error in Unicode-mode RegExp.
const SPECIAL = /[\\^$.*+?()[\]{}|]/g;

export function escapeRegExp(text: string): string {
  return text.replace(SPECIAL, '\\$&');
}

/** A pattern matching exactly `text` and nothing else. */
export function toExactPattern(text: string): string {
  return `^${escapeRegExp(text)}$`;
}

/**
 * A pattern for a URL template: the literal parts escaped, each {variable} matching one or more characters
 * other than '/' (a variable fills a host label, a port or a path segment, never several segments).
 */
export function toTemplatePattern(template: string): string {
  const parts = template.split(/\{[^}]*\}/);
  return `^${parts.map(escapeRegExp).join('[^/]+')}$`;
}
