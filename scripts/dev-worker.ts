// `npm run dev:worker [-- wrangler dev flags]`: the registry's Workers entry in workerd on this machine, with
// a local D1 database, offline. Applies registry/migrations to the local D1 first (wrangler's own migrator,
// as `wrangler d1 migrations apply --remote` does in production), then runs `wrangler dev --local`.
// The admin token is MCPVET_ADMIN_TOKEN when set; otherwise one is made once and kept beside the local
// database, so restarts keep working with the same token.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wrangler = join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const args = process.argv.slice(2);
const persistIndex = args.indexOf('--persist-to');
const persistDir = resolve(root, persistIndex >= 0 ? (args[persistIndex + 1] ?? '') : '.wrangler/state');
// Offline: no telemetry, no download of the Request.cf object.
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };

const migrate = spawnSync(
  process.execPath,
  [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir],
  { cwd: root, env: { ...env, CI: 'true' }, stdio: 'inherit' },
);
if (migrate.status !== 0) process.exit(migrate.status ?? 1);

function devAdminToken(): string {
  const given = process.env.MCPVET_ADMIN_TOKEN?.trim();
  if (given) return given;
  const file = join(persistDir, 'mcpvet-dev-admin-token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = `mcpvet-dev-${randomBytes(32).toString('base64url')}`;
  mkdirSync(persistDir, { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return token;
}

const token = devAdminToken();
// Passed as a dev vars file, not --var, so the token does not show in the process list.
const varsFile = join(persistDir, 'mcpvet-dev.vars');
writeFileSync(varsFile, `MCPVET_ADMIN_TOKEN=${token}\n`, { mode: 0o600 });
process.stderr.write(`mcpvet dev registry: admin token ${token}\n`);

const child = spawn(process.execPath, [wrangler, 'dev', '--local', '--env-file', varsFile, ...args], {
  cwd: root,
  env,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
