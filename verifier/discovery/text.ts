import {
  findNodeAtLocation,
  getNodeValue,
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from 'jsonc-parser';
import { parse as parseToml, TomlError } from 'smol-toml';

/** Maps string offsets to 1-based line:column. */
export function toLineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  };
}

export interface SyntaxProblem {
  message: string;
  line: number;
  column: number;
}

export type ParsedJson =
  | { ok: true; root: Node | undefined; position: (offset: number) => { line: number; column: number } }
  | { ok: false; problem: SyntaxProblem };

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** JSON with comments and trailing commas, as every editor-based client writes it. */
export function parseJsonc(raw: string): ParsedJson {
  const text = stripBom(raw);
  const position = toLineIndex(text);
  if (text.trim() === '') return { ok: true, root: undefined, position };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first) {
    const at = position(first.offset);
    return { ok: false, problem: { message: printParseErrorCode(first.error), ...at } };
  }
  return { ok: true, root, position };
}

/** One `name: {…}` member of a server map, with the offset of its key. */
export interface JsonMember {
  name: string;
  value: unknown;
  keyOffset: number;
}

/** Members of the object at `path` (undefined when the path is absent or not an object). */
export function membersAt(root: Node | undefined, path: string[]): JsonMember[] | undefined {
  if (!root) return undefined;
  const node = path.length === 0 ? root : findNodeAtLocation(root, path);
  if (node?.type !== 'object') return undefined;
  const out: JsonMember[] = [];
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key || typeof key.value !== 'string') continue;
    out.push({ name: key.value, value: value ? getNodeValue(value) : undefined, keyOffset: key.offset });
  }
  return out;
}

export type ParsedToml =
  | { ok: true; value: Record<string, unknown>; lines: string[] }
  | { ok: false; problem: SyntaxProblem };

export function parseTomlText(raw: string): ParsedToml {
  const text = stripBom(raw);
  try {
    return { ok: true, value: parseToml(text) as Record<string, unknown>, lines: text.split(/\r?\n/) };
  } catch (error) {
    if (error instanceof TomlError) {
      const message = error.message.split('\n')[0] ?? 'invalid TOML';
      return { ok: false, problem: { message, line: error.line, column: error.column } };
    }
    return { ok: false, problem: { message: (error as Error).message, line: 1, column: 1 } };
  }
}

function unquote(key: string): string {
  const k = key.trim();
  if ((k.startsWith('"') && k.endsWith('"')) || (k.startsWith("'") && k.endsWith("'"))) return k.slice(1, -1);
  return k;
}

// smol-toml gives values without positions, so the line of a [table.name] entry is found by reading the
// header and key lines, the three ways TOML can spell one: a [mcp_servers.x] header, `x = {…}` under
// [mcp_servers], or a dotted `mcp_servers.x… =` key at top level.
export function findTomlTableLine(lines: string[], table: string, name: string): number {
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\s+#.*$/, '');
    const header = /^\s*\[\s*([^[\]]+?)\s*\]\s*$/.exec(line);
    if (header?.[1] !== undefined) {
      const parts = splitDotted(header[1]);
      current = parts.join('.');
      if (parts[0] === table && parts[1] === name) return i + 1;
      continue;
    }
    const assign = /^\s*([^=]+?)\s*=/.exec(line);
    if (assign?.[1] === undefined) continue;
    const keys = splitDotted(assign[1]);
    const full = current === '' ? keys : [...current.split('.'), ...keys];
    if (full[0] === table && full[1] === name) return i + 1;
  }
  return 1;
}

function splitDotted(key: string): string[] {
  const parts: string[] = [];
  let buf = '';
  let quote: string | null = null;
  for (const ch of key) {
    if (quote) {
      buf += ch;
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      buf += ch;
    } else if (ch === '.') {
      parts.push(unquote(buf));
      buf = '';
    } else buf += ch;
  }
  parts.push(unquote(buf));
  return parts;
}
