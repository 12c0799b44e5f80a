/**
 * What importing or calling a module means for the host. Names are compared after dropping `node:` and
 * anything after the package name (`fs/promises` is fs, `undici/lib/x` is undici).
 */

export type NetworkDirection = 'egress' | 'listen' | 'unknown';

export const EXEC_MODULES = new Set([
  'child_process',
  'execa',
  'cross-spawn',
  'shelljs',
  'node-pty',
  'zx',
  'tinyexec',
  'nano-spawn',
]);

// Per module: which members start a server (listen) rather than connect out (egress). Anything not listed is
// treated as egress-capable when called.
// Server frameworks (`server: true`) only listen; client libraries (no egress list) only connect out.
export const NETWORK_MODULES: Record<string, { listen: Set<string>; egress?: Set<string>; server?: true }> = {
  http: {
    listen: new Set(['createServer', 'Server']),
    egress: new Set(['request', 'get', 'Agent', 'ClientRequest']),
  },
  https: { listen: new Set(['createServer', 'Server']), egress: new Set(['request', 'get', 'Agent']) },
  http2: { listen: new Set(['createServer', 'createSecureServer']), egress: new Set(['connect']) },
  net: {
    listen: new Set(['createServer', 'Server']),
    egress: new Set(['connect', 'createConnection', 'Socket']),
  },
  tls: { listen: new Set(['createServer', 'Server']), egress: new Set(['connect', 'TLSSocket']) },
  dgram: { listen: new Set(), egress: new Set(['createSocket', 'Socket']) },
  dns: {
    listen: new Set(),
    egress: new Set(['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveTxt', 'Resolver']),
  },
  undici: { listen: new Set() },
  ws: { listen: new Set(['Server', 'WebSocketServer']), egress: new Set(['default', 'WebSocket']) },
  'node-fetch': { listen: new Set() },
  'cross-fetch': { listen: new Set() },
  'isomorphic-fetch': { listen: new Set() },
  axios: { listen: new Set() },
  got: { listen: new Set() },
  ky: { listen: new Set() },
  superagent: { listen: new Set() },
  request: { listen: new Set() },
  'socket.io-client': { listen: new Set() },
  'simple-get': { listen: new Set() },
  needle: { listen: new Set() },
  'make-fetch-happen': { listen: new Set() },
  express: { listen: new Set(), server: true },
  fastify: { listen: new Set(), server: true },
  koa: { listen: new Set(), server: true },
  hono: { listen: new Set(), server: true },
  '@hono/node-server': { listen: new Set(), server: true },
};

export const FS_MODULES = new Set(['fs', 'fs-extra', 'graceful-fs', 'original-fs', 'node:fs']);

/** fs members that change the filesystem (sync, callback and promise forms share a name stem). */
export const FS_WRITE_MEMBERS = new Set([
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
  'createWriteStream',
  'rm',
  'rmSync',
  'rmdir',
  'rmdirSync',
  'unlink',
  'unlinkSync',
  'rename',
  'renameSync',
  'mkdir',
  'mkdirSync',
  'mkdtemp',
  'mkdtempSync',
  'copyFile',
  'copyFileSync',
  'cp',
  'cpSync',
  'chmod',
  'chmodSync',
  'lchmod',
  'lchmodSync',
  'fchmod',
  'fchmodSync',
  'chown',
  'chownSync',
  'lchown',
  'lchownSync',
  'fchown',
  'fchownSync',
  'symlink',
  'symlinkSync',
  'link',
  'linkSync',
  'truncate',
  'truncateSync',
  'ftruncate',
  'ftruncateSync',
  'utimes',
  'utimesSync',
  'lutimes',
  'lutimesSync',
  'write',
  'writeSync',
  'writev',
  'writevSync',
  // fs-extra
  'outputFile',
  'outputFileSync',
  'outputJson',
  'outputJsonSync',
  'writeJson',
  'writeJsonSync',
  'remove',
  'removeSync',
  'move',
  'moveSync',
  'copy',
  'copySync',
  'ensureDir',
  'ensureDirSync',
  'ensureFile',
  'ensureFileSync',
  'emptyDir',
  'emptyDirSync',
  'mkdirp',
  'mkdirpSync',
  'mkdirs',
  'mkdirsSync',
]);

export const VM_MODULES = new Set(['vm']);

/** Packages whose only job is loading a compiled addon. */
export const NATIVE_LOADERS = new Set([
  'bindings',
  'node-gyp-build',
  'prebuild-install',
  'node-pre-gyp',
  '@mapbox/node-pre-gyp',
]);

export const GLOBAL_EGRESS = new Set(['fetch', 'WebSocket', 'XMLHttpRequest', 'EventSource']);

export function normalizeModule(spec: string): { name: string; subpath: string } {
  const s = spec.startsWith('node:') ? spec.slice(5) : spec;
  const parts = s.split('/');
  const name = s.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? s);
  const subpath = s.startsWith('@') ? parts.slice(2).join('/') : parts.slice(1).join('/');
  return { name, subpath };
}
