import { compareReleaseVersions } from '../../registry/official/version.js';
import type { Argument, Package, ReleaseRecord, Remote } from '../../registry/records/index.js';

// How an approved release is started, pinned to its approved version: the one place that knows the
// launcher of each package type. Client allowlists are renderings of these.

export interface StdioLaunch {
  kind: 'stdio';
  name: string;
  version: string;
  /** The full argv: launcher, its options, the pinned package, the publisher's fixed arguments. */
  command: string[];
  registryType: Package['registryType'];
}

export interface RemoteLaunch {
  kind: 'remote';
  name: string;
  version: string;
  url: string;
  transport: Remote['type'];
}

export type Launch = StdioLaunch | RemoteLaunch;

/** Something an approved release has that no allowlist entry can express, said instead of dropped. */
export interface LaunchNote {
  name: string;
  version: string;
  code: 'unsupported_package' | 'runtime_hint' | 'user_arguments' | 'url_template' | 'no_launch';
  message: string;
}

export interface LaunchOptions {
  /** Put in front of every stdio command (e.g. ["mcpvet", "exec", "--registry", URL, "--"]). */
  wrap?: readonly string[];
}

const TEMPLATE = /\{[^}]*\}/;

/**
 * The publisher's fixed arguments (those with a `value` and no {variable} in it), in order. Arguments the
 * user supplies cannot be pinned: they are named so the release is noted, never silently dropped.
 */
function fixedArguments(args: readonly Argument[] | undefined): { argv: string[]; userSupplied: string[] } {
  const argv: string[] = [];
  const userSupplied: string[] = [];
  for (const a of args ?? []) {
    const label = a.type === 'named' ? (a.name ?? '?') : (a.valueHint ?? a.value ?? '?');
    if (a.value !== undefined && !TEMPLATE.test(a.value)) {
      if (a.type === 'named' && a.name !== undefined) argv.push(a.name, a.value);
      else argv.push(a.value);
    } else if (a.value !== undefined || a.isRequired) {
      userSupplied.push(label);
    }
  }
  return { argv, userSupplied };
}

interface PackageCommand {
  launcher: string;
  /** Launcher options before the package reference. */
  options: string[];
  ref: string;
  /** Launcher options after the package reference. */
  after: string[];
}

/** The canonical launcher and pinned reference of one package, or null for types with no command. */
function toPackageCommand(pkg: Package): PackageCommand | null {
  const version = pkg.version;
  switch (pkg.registryType) {
    case 'npm':
      return version === undefined
        ? null
        : { launcher: 'npx', options: ['-y'], ref: `${pkg.identifier}@${version}`, after: [] };
    case 'pypi':
      return version === undefined
        ? null
        : { launcher: 'uvx', options: [], ref: `${pkg.identifier}==${version}`, after: [] };
    case 'nuget':
      return version === undefined
        ? null
        : { launcher: 'dnx', options: [], ref: `${pkg.identifier}@${version}`, after: ['--yes'] };
    case 'oci': {
      // an image digest pins the content; a tag alone can be moved
      const image = pkg.digest?.startsWith('sha256:') ? `${pkg.identifier}@${pkg.digest}` : pkg.identifier;
      return { launcher: 'docker', options: ['run', '-i', '--rm'], ref: image, after: [] };
    }
    default:
      return null;
  }
}

/** Name, then version (semver), then the publisher's order of packages and remotes (the sort is stable). */
function compareLaunch(a: Launch, b: Launch): number {
  return (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || compareReleaseVersions(a.version, b.version);
}

/**
 * Every way to start every approved release, by name then version. Records that
 * are not approved are ignored: an allowlist is made of approved releases only.
 */
export function toLaunches(
  records: readonly ReleaseRecord[],
  options: LaunchOptions = {},
): { launches: Launch[]; notes: LaunchNote[] } {
  const launches: Launch[] = [];
  const notes: LaunchNote[] = [];
  for (const record of records) {
    if (record.status !== 'approved') continue;
    const { name, version, release } = record;
    const before = launches.length;
    for (const pkg of release.packages ?? []) {
      const base = toPackageCommand(pkg);
      if (base === null) {
        notes.push({
          name,
          version,
          code: 'unsupported_package',
          message: `${pkg.registryType} package ${pkg.identifier} has no command to pin (installed by the client, not launched)`,
        });
        continue;
      }
      // runtime arguments belong to the hinted runtime; with another launcher they would mean something else
      const hintMatches = pkg.runtimeHint === undefined || pkg.runtimeHint === base.launcher;
      if (!hintMatches) {
        notes.push({
          name,
          version,
          code: 'runtime_hint',
          message: `${pkg.identifier} hints runtime '${pkg.runtimeHint}'; pinned with '${base.launcher}' and without its runtime arguments`,
        });
      }
      const runtime = hintMatches ? fixedArguments(pkg.runtimeArguments) : { argv: [], userSupplied: [] };
      const packaged = fixedArguments(pkg.packageArguments);
      const argv = [
        base.launcher,
        ...base.options,
        ...runtime.argv,
        base.ref,
        ...base.after,
        ...packaged.argv,
      ];
      const missing = [...runtime.userSupplied, ...packaged.userSupplied];
      if (missing.length > 0) {
        notes.push({
          name,
          version,
          code: 'user_arguments',
          message: `${pkg.identifier} takes arguments the user supplies (${missing.join(', ')}); exact-match entries must list them`,
        });
      }
      launches.push({
        kind: 'stdio',
        name,
        version,
        command: [...(options.wrap ?? []), ...argv],
        registryType: pkg.registryType,
      });
    }
    for (const remote of release.remotes ?? []) {
      if (/\{[^}]*\}/.test(remote.url)) {
        notes.push({
          name,
          version,
          code: 'url_template',
          message: `${remote.url} has template variables; entries match them with wildcards`,
        });
      }
      launches.push({ kind: 'remote', name, version, url: remote.url, transport: remote.type });
    }
    if (launches.length === before) {
      notes.push({ name, version, code: 'no_launch', message: 'no package or remote to allow' });
    }
  }
  return { launches: launches.sort(compareLaunch), notes };
}

/** A client config key for a server name: letters, digits, '-' and '_' only (Claude Code's rule). */
export function toServerKey(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '-');
}
