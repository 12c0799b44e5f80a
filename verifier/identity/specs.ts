import npa from 'npm-package-arg';
import semver from 'semver';

export type NpmSpec =
  | { ok: true; name: string; requested: string | null; version: string | null; spec: string }
  | { ok: false; reason: string };

/** An npm package spec as npm itself reads it (npm-package-arg): scoped names, tags, ranges, npm: aliases. */
export function parseNpmSpec(spec: string): NpmSpec {
  let parsed: npa.Result;
  try {
    parsed = npa(spec);
  } catch (error) {
    return { ok: false, reason: `not an npm package spec: ${(error as Error).message}` };
  }
  // @types/npm-package-arg predates aliases: an alias's real package is its subSpec
  const sub = (parsed as npa.Result & { subSpec?: npa.Result }).subSpec;
  const target = parsed.type === 'alias' && sub ? sub : parsed;
  if (!target.name || !['version', 'range', 'tag'].includes(target.type)) {
    return { ok: false, reason: `npm ${target.type} spec (${spec}) is not a registry package` };
  }
  const raw = target.rawSpec;
  const requested = raw === '' || raw === '*' ? null : raw;
  const version = target.type === 'version' ? semver.clean(raw) : null;
  return { ok: true, name: target.name, requested, version, spec };
}

export type PypiSpec =
  | { ok: true; name: string; requested: string | null; version: string | null; spec: string }
  | { ok: false; reason: string };

/** PEP 503 normalized project name: the form PyPI and registries compare. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

// PEP 508 requirement, reduced to what launchers accept: name[extras] then ==1.2.3, @1.2.3 (uvx), or a range.
const PYPI_REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/;

export function parsePypiSpec(spec: string): PypiSpec {
  if (/^(git\+|https?:|file:|\.{0,2}\/)/.test(spec) || spec.includes(' @ ')) {
    return { ok: false, reason: `PyPI spec (${spec}) points at a URL or path, not a registry package` };
  }
  const m = PYPI_REQUIREMENT.exec(spec.trim());
  if (!m?.[1]) return { ok: false, reason: `not a PyPI requirement: ${spec}` };
  const name = normalizePypiName(m[1]);
  const rest = (m[3] ?? '').trim();
  if (rest === '') return { ok: true, name, requested: null, version: null, spec };
  const exact = /^(?:===?|@)\s*([0-9A-Za-z][0-9A-Za-z.+!_-]*)$/.exec(rest);
  if (exact?.[1] && exact[1] !== 'latest' && !/[*]/.test(exact[1])) {
    return { ok: true, name, requested: rest, version: exact[1], spec };
  }
  return { ok: true, name, requested: rest.replace(/^@/, ''), version: null, spec };
}

export interface OciRef {
  /** Repository without tag or digest, Docker Hub shorthand expanded away: org/image, ghcr.io/org/image. */
  repository: string;
  tag: string | null;
  digest: string | null;
}

/** [registry/]repo[:tag][@sha256:…], with docker.io and library/ dropped so references compare equal. */
export function parseOciRef(ref: string): OciRef {
  let rest = ref.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: normalizeOciRepository(rest), tag, digest };
}

export function normalizeOciRepository(repository: string): string {
  let repo = repository
    .toLowerCase()
    .replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  if (repo.startsWith('library/')) repo = repo.slice('library/'.length);
  return repo;
}

/** Split a shell command line into words (quotes and backslashes), for `sh -c "…"` and `cmd /c …`. */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: '"' | "'" | null = null;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || word !== '') words.push(word);
      word = '';
      has = false;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      has = true;
    } else {
      word += ch;
      has = true;
    }
  }
  if (has || word !== '') words.push(word);
  return words;
}
