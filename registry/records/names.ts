import semver from 'semver';
import { RegistryError } from '../errors/index.js';

// Same rule as release.schema.json's name pattern; checked again here because names also arrive in URL
// paths, where a schema never sees them.
const NAME =
  /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)+\/[a-zA-Z0-9](?:[a-zA-Z0-9._-]*[a-zA-Z0-9_])?$/;

export interface ServerName {
  namespace: string;
  server: string;
}

export function parseServerName(name: string): ServerName {
  if (name.length < 3 || name.length > 200 || !NAME.test(name) || name.includes('..')) {
    throw new RegistryError(
      'invalid_name',
      'server name must be a reverse-DNS namespace, one "/", then a name',
      {
        details: { name: name.slice(0, 256) },
      },
    );
  }
  const slash = name.indexOf('/');
  return { namespace: name.slice(0, slash), server: name.slice(slash + 1) };
}

export function isServerName(name: string): boolean {
  try {
    parseServerName(name);
    return true;
  } catch {
    return false;
  }
}

/** An exact semver (no range, no 'v', not 'latest'); the registry's versions are immutable keys. */
// The SemVer 2.0.0 grammar, as release.schema.json's SemVer: build metadata (+…) is part of the key,
// which semver.valid() would drop.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function assertExactVersion(version: string): string {
  if (version.length > 255 || !SEMVER.test(version)) {
    throw new RegistryError('invalid_version', 'version must be an exact semantic version such as 1.2.3', {
      details: { version: version.slice(0, 256) },
    });
  }
  return version;
}

/**
 * Namespace patterns scope publisher tokens: `com.acme/*` covers every server in com.acme,
 * `com.acme.*` also covers sub-namespaces (com.acme.tools/x), an exact name covers one server.
 */
export function matchesNamespacePattern(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('/*')) return name.startsWith(pattern.slice(0, -1));
  if (pattern.endsWith('.*')) {
    const prefix = pattern.slice(0, -1);
    const slash = name.indexOf('/');
    const ns = slash < 0 ? name : name.slice(0, slash);
    return ns.startsWith(prefix) || ns === pattern.slice(0, -2);
  }
  return pattern === name;
}

/** Semver precedence, then build metadata as a tie-break so the order is total (1.0.0+b2 after +b1). */
export function compareVersions(a: string, b: string): number {
  return semver.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
