// Reports go to CI logs and code-scanning uploads, so credentials that configs pass in arguments
// (connection strings, --token values, ?key= in URLs) are masked before anything is written.

const SECRET_NAME =
  /(token|secret|passw(or)?d|pwd|api[-_]?key|apikey|auth|credential|private[-_]?key|session|cookie)/i;
const MASK = '***';

/** user:password@ and secret-looking query values masked; anything else as written. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (!/^[a-z][a-z0-9+.-]*:$/i.test(u.protocol) || u.host === '') return url;
  let changed = false;
  if (u.password) {
    u.password = MASK;
    changed = true;
  }
  for (const key of [...u.searchParams.keys()]) {
    if (SECRET_NAME.test(key) || /^(key|sig|signature|code)$/i.test(key)) {
      u.searchParams.set(key, MASK);
      changed = true;
    }
  }
  return changed ? u.toString().replaceAll(encodeURIComponent(MASK), MASK) : url;
}

export function redactArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const prev = i > 0 ? (args[i - 1] as string) : '';
    if (/^-{1,2}[^=]+$/.test(prev) && SECRET_NAME.test(prev)) {
      out.push(MASK);
      continue;
    }
    const flag = /^(-{1,2}[^=]+)=(.*)$/.exec(arg);
    if (flag?.[1] && SECRET_NAME.test(flag[1])) {
      out.push(`${flag[1]}=${MASK}`);
      continue;
    }
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(arg);
    if (assign?.[1] && SECRET_NAME.test(assign[1])) {
      out.push(`${assign[1]}=${MASK}`);
      continue;
    }
    out.push(/^[a-z][a-z0-9+.-]*:\/\//i.test(arg) ? redactUrl(arg) : arg);
  }
  return out;
}
