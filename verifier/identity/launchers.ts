import { normalizeOciRepository, parseNpmSpec, parseOciRef, parsePypiSpec } from './specs.js';
import type { Identity, Launcher } from './types.js';

type PackageIdentity = Extract<Identity, { kind: 'package' }>;
type Unknown = Extract<Identity, { kind: 'unknown' }>;

interface OptionScan {
  /** Values of the options asked for (last wins, or all for repeated ones). */
  values: Map<string, string[]>;
  /** Positionals after the options, in order. */
  rest: string[];
}

/**
 * Walk a launcher's options up to its first positional. Options that take a value consume the next word
 * unless written --opt=value; short clusters such as -it are flags. Everything after the first
 * positional belongs to the program being launched, not to the launcher.
 */
function scanOptions(args: string[], takesValue: Set<string>): OptionScan {
  const values = new Map<string, string[]>();
  const put = (k: string, v: string) => values.set(k, [...(values.get(k) ?? []), v]);
  let i = 0;
  while (i < args.length) {
    const arg = args[i] as string;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      put(arg.slice(0, eq), arg.slice(eq + 1));
      i++;
      continue;
    }
    if (takesValue.has(arg)) {
      put(arg, args[i + 1] ?? '');
      i += 2;
      continue;
    }
    // -eFOO=bar, -p8080: a value-taking short option with its value attached
    if (!arg.startsWith('--') && arg.length > 2 && takesValue.has(arg.slice(0, 2))) {
      put(arg.slice(0, 2), arg.slice(2));
      i++;
      continue;
    }
    put(arg, '');
    i++;
  }
  return { values, rest: args.slice(i) };
}

function first(scan: OptionScan, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = scan.values.get(n);
    if (v && v.length > 0) return v[0];
  }
  return undefined;
}

function unknown(command: string, reason: string): Unknown {
  return { kind: 'unknown', command, reason };
}

const NPX_VALUE_OPTIONS = new Set([
  '-p',
  '--package',
  '-c',
  '--call',
  '--registry',
  '--cache',
  '--userconfig',
  '--prefix',
  '-w',
  '--workspace',
  '--node-options',
]);

/** npx / npm exec / pnpm dlx / yarn dlx / bunx: the package is --package's value, else the first positional. */
export function identifyNpmRunner(
  launcher: Launcher,
  command: string,
  args: string[],
  env: Record<string, string>,
): PackageIdentity | Unknown {
  const scan = scanOptions(args, NPX_VALUE_OPTIONS);
  if (first(scan, '-c', '--call') !== undefined) {
    return unknown(command, `${launcher} --call runs a shell command, not one package`);
  }
  const spec = first(scan, '--package', '-p') ?? scan.rest[0];
  if (spec === undefined || spec === '') return unknown(command, `${launcher} without a package`);
  const parsed = parseNpmSpec(spec);
  if (!parsed.ok) return unknown(command, parsed.reason);
  const registry = first(scan, '--registry') ?? env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY;
  const identity: PackageIdentity = {
    kind: 'package',
    registryType: 'npm',
    identifier: parsed.name,
    requested: parsed.requested,
    version: parsed.version,
    pinned: parsed.version !== null,
    launcher,
    spec,
  };
  if (registry) identity.npmRegistry = registry;
  return identity;
}

const UVX_VALUE_OPTIONS = new Set([
  '--from',
  '--with',
  '-w',
  '--with-editable',
  '--with-requirements',
  '--python',
  '-p',
  '--index',
  '--index-url',
  '-i',
  '--default-index',
  '--extra-index-url',
  '--find-links',
  '-f',
  '--directory',
  '--project',
  '--cache-dir',
  '--env-file',
  '--constraints',
  '-c',
  '--overrides',
  '--python-platform',
  '--config-file',
]);

/** uvx / uv tool run: the package is --from's requirement, else the first positional (pkg, pkg==v, pkg@v). */
export function identifyUvx(command: string, args: string[]): PackageIdentity | Unknown {
  const scan = scanOptions(args, UVX_VALUE_OPTIONS);
  const spec = first(scan, '--from') ?? scan.rest[0];
  if (spec === undefined || spec === '') return unknown(command, 'uvx without a package');
  return toPypiIdentity(command, spec, 'uvx');
}

/** A PyPI requirement (pkg, pkg==v, pkg@v) as the identity of what a Python launcher runs. */
function toPypiIdentity(command: string, spec: string, launcher: 'uvx' | 'pipx'): PackageIdentity | Unknown {
  const parsed = parsePypiSpec(spec);
  if (!parsed.ok) return unknown(command, parsed.reason);
  return {
    kind: 'package',
    registryType: 'pypi',
    identifier: parsed.name,
    requested: parsed.requested,
    version: parsed.version,
    pinned: parsed.version !== null,
    launcher,
    spec,
  };
}

const PIPX_VALUE_OPTIONS = new Set(['--spec', '--python', '--index-url', '-i', '--pip-args', '--backend']);

/** pipx run [--spec REQ] app: the package is --spec's requirement, else the app (pkg or pkg==v). */
export function identifyPipx(command: string, args: string[]): PackageIdentity | Unknown {
  if (args[0] !== 'run') return unknown(command, `pipx ${args[0] ?? ''} does not run a server`);
  const scan = scanOptions(args.slice(1), PIPX_VALUE_OPTIONS);
  const spec = first(scan, '--spec') ?? scan.rest[0];
  if (spec === undefined || spec === '') return unknown(command, 'pipx run without a package');
  return toPypiIdentity(command, spec, 'pipx');
}

// `docker run` options that take a value (docker CLI reference); every other option is a flag.
const DOCKER_VALUE_OPTIONS = new Set(
  (
    '-a --attach --add-host --annotation --blkio-weight --blkio-weight-device --cap-add --cap-drop ' +
    '--cgroup-parent --cgroupns --cidfile --cpu-period --cpu-quota --cpu-rt-period --cpu-rt-runtime -c ' +
    '--cpu-shares --cpus --cpuset-cpus --cpuset-mems --device --device-cgroup-rule --device-read-bps ' +
    '--device-read-iops --device-write-bps --device-write-iops --dns --dns-option --dns-search ' +
    '--domainname --entrypoint -e --env --env-file --expose --gpus --group-add --health-cmd ' +
    '--health-interval --health-retries --health-start-interval --health-start-period --health-timeout ' +
    '-h --hostname --ip --ip6 --ipc --isolation --kernel-memory -l --label --label-file --link ' +
    '--link-local-ip --log-driver --log-opt --mac-address -m --memory --memory-reservation --memory-swap ' +
    '--memory-swappiness --mount --name --network --net --network-alias --net-alias --oom-score-adj ' +
    '--pid --pids-limit --platform -p --publish --pull --restart --runtime --security-opt --shm-size ' +
    '--stop-signal --stop-timeout --storage-opt --sysctl --tmpfs --ulimit -u --user --userns --uts ' +
    '-v --volume --volume-driver --volumes-from -w --workdir --detach-keys'
  ).split(/\s+/),
);

/** docker|podman run [options] image[:tag][@digest] …: pinned only by digest, since a tag can be moved. */
export function identifyContainer(
  launcher: 'docker' | 'podman',
  command: string,
  args: string[],
): PackageIdentity | Unknown {
  let rest = args;
  if (rest[0] === 'container') rest = rest.slice(1);
  if (rest[0] !== 'run') return unknown(command, `${launcher} ${rest[0] ?? ''} does not run a container`);
  const scan = scanOptions(rest.slice(1), DOCKER_VALUE_OPTIONS);
  const image = scan.rest[0];
  if (image === undefined || image === '') return unknown(command, `${launcher} run without an image`);
  const ref = parseOciRef(image);
  const identity: PackageIdentity = {
    kind: 'package',
    registryType: 'oci',
    identifier: normalizeOciRepository(ref.repository),
    requested: ref.tag,
    version: ref.tag,
    pinned: ref.digest !== null,
    launcher,
    spec: image,
  };
  if (ref.digest) identity.digest = ref.digest;
  return identity;
}

const NODE_VALUE_OPTIONS = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-C',
  '--conditions',
  '--env-file',
  '--inspect-port',
  '--title',
]);

/** node [options] script: a script inside node_modules/<pkg>/ runs that installed npm package. */
export function toNodeScript(args: string[]): { script: string } | { reason: string } {
  const scan = scanOptions(args, NODE_VALUE_OPTIONS);
  if (
    scan.values.has('-e') ||
    scan.values.has('--eval') ||
    scan.values.has('-p') ||
    scan.values.has('--print')
  ) {
    return { reason: 'node evaluates inline code' };
  }
  const script = scan.rest[0];
  if (script === undefined || script === '') return { reason: 'node without a script' };
  return { script };
}
