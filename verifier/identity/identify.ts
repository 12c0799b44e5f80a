import { isAbsolute, resolve } from 'node:path';
import type { ServerEntry } from '../discovery/index.js';
import {
  identifyContainer,
  identifyNpmRunner,
  identifyPipx,
  identifyUvx,
  toNodeScript,
} from './launchers.js';
import { redactUrl } from './redact.js';
import { splitShellWords } from './specs.js';
import type { IdentifyContext, Identity } from './types.js';

/** `C:\tools\npx.cmd` → `npx`: launchers are recognised by base name on every platform. */
function programName(command: string): string {
  const base = command.split(/[\\/]/).pop() ?? command;
  return base.replace(/\.(cmd|exe|bat|ps1)$/i, '').toLowerCase();
}

/** VS Code / Cursor variables that name folders; other ${…} stay as written. */
export function expandVariables(value: string, ctx: IdentifyContext): string {
  return value
    .replace(/\$\{workspaceFolder\}|\$\{workspaceRoot\}/g, ctx.cwd)
    .replace(/\$\{userHome\}/g, ctx.home)
    .replace(/^~(?=$|[\\/])/, ctx.home);
}

function looksLikePath(command: string): boolean {
  return (
    isAbsolute(command) ||
    /^\.{1,2}[\\/]/.test(command) ||
    /^[A-Za-z]:[\\/]/.test(command) ||
    /[\\/]/.test(command)
  );
}

function toAbsolute(path: string, ctx: IdentifyContext, cwd: string | undefined): string {
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path)) return path;
  return resolve(cwd ? resolve(ctx.cwd, cwd) : ctx.cwd, path);
}

/** node_modules/<name>/ or node_modules/@scope/<name>/ in a path: the npm package a script belongs to. */
function installedPackageOf(script: string): { name: string; installPath: string } | null {
  const parts = script.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const first = parts[at + 1];
  if (!first) return null;
  const scoped = first.startsWith('@');
  const second = parts[at + 2];
  if (scoped && !second) return null;
  const name = scoped ? `${first}/${second}` : first;
  const sep = script.includes('\\') && !script.includes('/') ? '\\' : '/';
  return { name, installPath: parts.slice(0, at + (scoped ? 3 : 2)).join(sep) };
}

function identifyCommand(
  command: string,
  args: string[],
  env: Record<string, string>,
  ctx: IdentifyContext,
  cwd: string | undefined,
  depth: number,
): Identity {
  const program = programName(command);
  switch (program) {
    case 'npx':
      return identifyNpmRunner('npx', command, args, env);
    case 'bunx':
      return identifyNpmRunner('bunx', command, args, env);
    case 'npm':
      if (args[0] === 'exec' || args[0] === 'x')
        return identifyNpmRunner('npm-exec', command, args.slice(1), env);
      return { kind: 'unknown', command, reason: `npm ${args[0] ?? ''} does not run a package` };
    case 'pnpm':
    case 'yarn': {
      const at = args.indexOf('dlx');
      if (at < 0) return { kind: 'unknown', command, reason: `${program} without dlx runs a project script` };
      // pnpm --package=x dlx cmd: options before dlx belong to dlx too
      const launcher = program === 'pnpm' ? 'pnpm-dlx' : 'yarn-dlx';
      return identifyNpmRunner(launcher, command, [...args.slice(0, at), ...args.slice(at + 1)], env);
    }
    case 'bun':
      if (args[0] === 'x') return identifyNpmRunner('bunx', command, args.slice(1), env);
      break;
    case 'uvx':
      return identifyUvx(command, args);
    case 'uv':
      if (args[0] === 'tool' && args[1] === 'run') return identifyUvx(command, args.slice(2));
      if (args[0] === 'run') {
        const dir = args.indexOf('--directory');
        const path = dir >= 0 ? args[dir + 1] : undefined;
        return {
          kind: 'local',
          path: toAbsolute(expandVariables(path ?? '.', ctx), ctx, cwd),
          launcher: 'uv run',
        };
      }
      break;
    case 'pipx':
      return identifyPipx(command, args);
    case 'docker':
    case 'podman':
      return identifyContainer(program, command, args);
    case 'node': {
      const script = toNodeScript(args);
      if ('reason' in script) return { kind: 'unknown', command, reason: script.reason };
      const path = toAbsolute(expandVariables(script.script, ctx), ctx, cwd);
      const installed = installedPackageOf(path);
      if (installed) {
        return {
          kind: 'package',
          registryType: 'npm',
          identifier: installed.name,
          requested: null,
          version: null,
          // what is on disk is what runs; its version is read when the package is resolved
          pinned: true,
          launcher: 'node',
          spec: installed.name,
          installPath: installed.installPath,
        };
      }
      return { kind: 'local', path, launcher: 'node' };
    }
    case 'cmd':
      if (depth < 2 && /^\/[cCkK]$/.test(args[0] ?? '')) {
        const words = args.length === 2 ? splitShellWords(args[1] ?? '') : args.slice(1);
        const [inner, ...rest] = words;
        if (inner) return identifyCommand(inner, rest, env, ctx, cwd, depth + 1);
      }
      break;
    case 'sh':
    case 'bash':
    case 'zsh':
      if (depth < 2 && args[0] === '-c' && args[1] !== undefined) {
        const [inner, ...rest] = splitShellWords(args[1]);
        if (inner) return identifyCommand(inner, rest, env, ctx, cwd, depth + 1);
      }
      break;
  }
  const expanded = expandVariables(command, ctx);
  if (looksLikePath(expanded)) return { kind: 'local', path: toAbsolute(expanded, ctx, cwd), launcher: null };
  return {
    kind: 'unknown',
    command,
    reason: `'${program}' is a program on PATH, not a package mcpvet can resolve`,
  };
}

/** Map a config entry to what it runs: a registry package, a container image, a local program or a remote. */
export function identifyEntry(entry: ServerEntry, ctx: IdentifyContext): Identity {
  switch (entry.transport) {
    case 'stdio': {
      const args = entry.args.map((a) => expandVariables(a, ctx));
      return identifyCommand(entry.command, args, entry.env, ctx, entry.cwd, 0);
    }
    case 'extension':
      return {
        kind: 'unknown',
        command: entry.extension || 'zed extension',
        reason: 'provided by a Zed extension; the extension decides what runs',
      };
    default:
      return { kind: 'remote', url: entry.url, transport: entry.transport };
  }
}

/** One short line for tables: npm:@scope/pkg@1.2.3, oci:ghcr.io/x@sha256:…, remote https://…, local /path. */
export function describeIdentity(identity: Identity): string {
  switch (identity.kind) {
    case 'package': {
      const at = identity.registryType === 'pypi' ? '==' : identity.registryType === 'oci' ? ':' : '@';
      let text = `${identity.registryType}:${identity.identifier}`;
      if (identity.version) text += `${at}${identity.version}`;
      else if (identity.requested) text += `@${identity.requested}`;
      if (identity.digest) text += `@${identity.digest.slice(0, 19)}…`;
      return text;
    }
    case 'remote':
      return `remote ${redactUrl(identity.url)}`;
    case 'local':
      return `local ${identity.path}`;
    case 'unknown':
      return `unknown (${identity.command})`;
  }
}
