// Hand-written rather than the SDK's UriTemplate.match: that one expands `{#x}` without the `#`, `{;x}`
// without `;name=`, requires every query variable and accepts `?`/`#` inside a simple variable, so a URI
// it lets through may lie outside what the template can produce; the gate needs the opposite bias.
// Matched by a Thompson NFA, not a RegExp: a backtracking RegExp for `x://{a}-{b}-{c}` took 72 s on an
// 8 KiB URI that almost matches, and the gate handles a client's messages one at a time.

/** Longest template the gate compiles; a longer one matches nothing. */
export const MAX_TEMPLATE_LENGTH = 8 * 1024;
/** Longest URI the gate matches against a template; a longer one matches nothing. */
export const MAX_URI_LENGTH = 64 * 1024;
const MAX_EXPRESSIONS = 64;

// RFC 6570 §2.3: varchar = ALPHA / DIGIT / "_" / pct-encoded, dots only between varchars
const VARNAME = /^(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})(?:\.?(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2}))*$/;
// a varspec: name, then optionally a prefix modifier (:1 … :9999) or explode (*)
const VARSPEC = /^([^:*]+)(?::[1-9][0-9]{0,3}|(\*))?$/;
const OPERATORS = '+#./;?&';

// no URI holds control characters (RFC 3986); one that does is refused rather than matched
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

type Pattern =
  | { t: 'char'; test: (c: string) => boolean }
  | { t: 'seq'; items: Pattern[] }
  | { t: 'alt'; items: Pattern[] }
  | { t: 'opt'; item: Pattern }
  | { t: 'star'; item: Pattern };

const none = (chars: string) => (c: string) => !chars.includes(c);
const literal = (text: string): Pattern => ({
  t: 'seq',
  items: [...text].map((ch) => ({ t: 'char', test: (c: string) => c === ch })),
});
const seq = (...items: Pattern[]): Pattern => ({ t: 'seq', items });
const star = (test: (c: string) => boolean): Pattern => ({ t: 'star', item: { t: 'char', test } });
const plus = (test: (c: string) => boolean): Pattern => seq({ t: 'char', test }, star(test));

// one path segment's worth of an expanded value: anything but the delimiters a value cannot contain
const SEGMENT = () => star(none('/?#'));
const ANY = () => star(() => true);

interface VarSpec {
  name: string;
  explode: boolean;
}

function parseExpression(body: string): { operator: string; vars: VarSpec[] } | undefined {
  const first = body.charAt(0);
  const operator = first !== '' && OPERATORS.includes(first) ? first : '';
  const list = body.slice(operator.length);
  if (list === '') return undefined;
  const vars: VarSpec[] = [];
  for (const spec of list.split(',')) {
    const match = VARSPEC.exec(spec);
    const name = match?.[1];
    // the reserved operators (= , ! @ |) and anything else outside the grammar land here too
    if (name === undefined || !VARNAME.test(name)) return undefined;
    vars.push({ name, explode: match?.[2] === '*' });
  }
  return { operator, vars };
}

/** The parameter names an expression can emit: its variables, or any key once one is exploded (maps). */
function toNames(vars: readonly VarSpec[], keyExcludes: string): Pattern {
  if (vars.some((v) => v.explode)) return plus(none(keyExcludes));
  return { t: 'alt', items: vars.map((v) => literal(v.name)) };
}

/**
 * A pattern accepting every expansion of the expression (RFC 6570 §3.2, levels 1–4), whatever values
 * are defined: each variable may be undefined, so every part is optional.
 */
function toExpressionPattern(operator: string, vars: readonly VarSpec[]): Pattern {
  switch (operator) {
    case '':
      return SEGMENT();
    case '+':
      return ANY();
    case '#':
      return { t: 'opt', item: seq(literal('#'), ANY()) };
    case '.':
      return { t: 'opt', item: seq(literal('.'), SEGMENT()) };
    case '/':
      return { t: 'star', item: seq(literal('/'), SEGMENT()) };
    case ';': {
      const value: Pattern = { t: 'opt', item: seq(literal('='), star(none('/?#;'))) };
      return { t: 'star', item: seq(literal(';'), toNames(vars, '/?#;='), value) };
    }
    default: {
      // form-style query (? starts it, & continues it): name=value pairs, values without & or #
      const pair = () => seq(toNames(vars, '&#='), literal('='), star(none('&#')));
      const more: Pattern = { t: 'star', item: seq(literal('&'), pair()) };
      return operator === '?' ? { t: 'opt', item: seq(literal('?'), pair(), more) } : more;
    }
  }
}

type State =
  | { t: 'char'; test: (c: string) => boolean; out: number }
  | { t: 'split'; out: number[] }
  | { t: 'accept' };

const ACCEPT = 0;

/** Thompson construction: the states of `pattern`, entered at the returned index, leaving to `next`. */
function compile(pattern: Pattern, next: number, states: State[]): number {
  switch (pattern.t) {
    case 'char':
      return states.push({ t: 'char', test: pattern.test, out: next }) - 1;
    case 'seq':
      return pattern.items.reduceRight((to, item) => compile(item, to, states), next);
    case 'alt':
      return states.push({ t: 'split', out: pattern.items.map((i) => compile(i, next, states)) }) - 1;
    case 'opt':
      return states.push({ t: 'split', out: [compile(pattern.item, next, states), next] }) - 1;
    case 'star': {
      const loop: State = { t: 'split', out: [] };
      const at = states.push(loop) - 1;
      loop.out = [compile(pattern.item, at, states), next];
      return at;
    }
  }
}

/** Whether a URI is one of a template's expansions: linear in the URI's length. */
export interface TemplateMatcher {
  readonly template: string;
  test(uri: string): boolean;
}

class NfaMatcher implements TemplateMatcher {
  constructor(
    readonly template: string,
    private readonly states: readonly State[],
    private readonly start: number,
  ) {}

  test(uri: string): boolean {
    if (uri.length > MAX_URI_LENGTH || hasControl(uri)) return false;
    let current = this.closure([this.start]);
    for (const c of uri) {
      const moved: number[] = [];
      for (const s of current) {
        const state = this.states[s];
        if (state?.t === 'char' && state.test(c)) moved.push(state.out);
      }
      if (moved.length === 0) return false;
      current = this.closure(moved);
    }
    return current.includes(ACCEPT);
  }

  /** The states reachable without reading a character (each once, so empty loops end). */
  private closure(from: number[]): number[] {
    const seen = new Set<number>();
    const stack = [...from];
    const out: number[] = [];
    for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
      if (seen.has(s)) continue;
      seen.add(s);
      const state = this.states[s];
      if (state?.t === 'split') stack.push(...state.out);
      else out.push(s);
    }
    return out;
  }
}

/**
 * A matcher accepting exactly the URIs the template can expand to (a superset only where the RFC leaves
 * values free), or undefined when the template cannot be parsed: then it matches nothing.
 */
export function toTemplateMatcher(template: string): TemplateMatcher | undefined {
  if (template.length > MAX_TEMPLATE_LENGTH) return undefined;
  const parts: Pattern[] = [];
  let expressions = 0;
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('{', at);
    const text = template.slice(at, open < 0 ? template.length : open);
    if (text.includes('}')) return undefined;
    parts.push(literal(text));
    if (open < 0) break;
    const close = template.indexOf('}', open);
    if (close < 0) return undefined;
    const expression = parseExpression(template.slice(open + 1, close));
    if (!expression || ++expressions > MAX_EXPRESSIONS) return undefined;
    parts.push(toExpressionPattern(expression.operator, expression.vars));
    at = close + 1;
  }
  const states: State[] = [{ t: 'accept' }];
  return new NfaMatcher(template, states, compile(seq(...parts), ACCEPT, states));
}
