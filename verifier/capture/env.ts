/**
 * The only variables a spawned server inherits from our own environment, besides those its entry
 * declares. PATH: so `npx`, `node`, `uvx`, `docker` resolve. HOME (USERPROFILE, APPDATA … on Windows):
 * package runners keep their caches and per-user config there. TMPDIR/TEMP/TMP: temporary files.
 * LANG, LC_ALL: text encoding of the server's output. SYSTEMROOT/WINDIR: Windows processes fail without
 * them. Everything else (tokens, cloud credentials, NODE_OPTIONS …) stays out unless declared.
 */
export const ESSENTIAL_ENV_VARS: readonly string[] = [
  'PATH',
  'HOME',
  'TMPDIR',
  'LANG',
  'LC_ALL',
  ...(process.platform === 'win32'
    ? ['USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'TEMP', 'TMP', 'SYSTEMROOT', 'WINDIR', 'PATHEXT', 'COMSPEC']
    : []),
];

/**
 * The environment of a spawned server: the essentials taken from `source`, then what its entry
 * declares (values win over the essentials). Shell function exports (`() {…`) are never passed on.
 */
export function toServerEnvironment(
  declared: Record<string, string> = {},
  source: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ESSENTIAL_ENV_VARS) {
    const value = source[name];
    if (value !== undefined && !value.startsWith('()')) env[name] = value;
  }
  for (const [name, value] of Object.entries(declared)) env[name] = value;
  return env;
}

/** Values of the named variables that are set in `source` (for passing declared variables through). */
export function pickEnvironment(names: Iterable<string>, source: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
