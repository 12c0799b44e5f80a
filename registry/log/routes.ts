import { type Context, type Env, Hono } from 'hono';
import { RegistryError } from '../errors/index.js';
import { toBase64 } from '../records/bytes.js';
import { signCheckpoint } from './checkpoint.js';
import type { NoteSigner } from './note.js';
import { MAX_ENTRIES_PER_READ } from './sql.js';
import { computeRoot, type LogHashReader, proveConsistency, proveInclusion } from './tree.js';

/** What the log endpoints read: stored hashes and the entries themselves. */
export interface LogReadStore extends LogHashReader {
  getEntries(start: number, end: number): Promise<Uint8Array[]>;
}

export interface LogRouteDeps {
  log: LogReadStore;
  /** Checkpoint origin; the signers' key names should equal it. */
  origin: string;
  signers: readonly NoteSigner[];
}

export interface LogRouteOptions<E extends Env> {
  resolve(c: Context<E>): LogRouteDeps | Promise<LogRouteDeps>;
  /** Read authorisation (e.g. the API's registry.read rule); throws to refuse. */
  authorize?(c: Context<E>): Promise<unknown>;
}

const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
const decoder = new TextDecoder();

function readCount(c: Context, name: string, fallback?: number): number {
  const raw = c.req.query(name);
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = raw !== undefined && DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw new RegistryError('bad_request', `query parameter ${name} must be a non-negative integer`);
  }
  return value;
}

function atMost(value: number, size: number, what: string): void {
  if (value > size) {
    throw new RegistryError('bad_request', `${what} ${value} is beyond the log's size ${size}`, {
      details: { [what]: value, size },
    });
  }
}

/**
 * GET /v1/log/checkpoint, /v1/log/entries, /v1/log/proof/inclusion, /v1/log/proof/consistency. The
 * checkpoint is signed on request over the current size: the log only grows, so every checkpoint it
 * signs is consistent with every earlier one.
 */
export function logRoutes<E extends Env>(options: LogRouteOptions<E>): Hono<E> {
  const app = new Hono<E>();
  const prepare = async (c: Context<E>) => {
    await options.authorize?.(c);
    const deps = await options.resolve(c);
    return { ...deps, size: await deps.log.getSize() };
  };

  app.get('/v1/log/checkpoint', async (c) => {
    const { log, origin, signers, size } = await prepare(c);
    if (signers.length === 0) throw new RegistryError('unavailable', 'the log has no signing key configured');
    const note = await signCheckpoint({ origin, size, rootHash: await computeRoot(log, size) }, signers);
    return c.text(note, 200, { 'Cache-Control': 'no-store', 'Content-Type': 'text/plain; charset=utf-8' });
  });

  app.get('/v1/log/entries', async (c) => {
    const { log, size } = await prepare(c);
    const start = readCount(c, 'start');
    const end = Math.min(
      readCount(c, 'end', start + MAX_ENTRIES_PER_READ),
      size,
      start + MAX_ENTRIES_PER_READ,
    );
    atMost(start, size, 'start');
    const entries = end > start ? await log.getEntries(start, end) : [];
    // entries go out as the exact canonical JSON text: their UTF-8 bytes are the leaves
    return c.json({
      start,
      end: start + entries.length,
      size,
      entries: entries.map((e) => decoder.decode(e)),
    });
  });

  app.get('/v1/log/proof/inclusion', async (c) => {
    const { log, size: current } = await prepare(c);
    const index = readCount(c, 'index');
    const size = readCount(c, 'size', current);
    atMost(size, current, 'size');
    const proof = await proveInclusion(log, index, size);
    return c.json({ index, size, proof: proof.map(toBase64) });
  });

  app.get('/v1/log/proof/consistency', async (c) => {
    const { log, size: current } = await prepare(c);
    const from = readCount(c, 'from');
    const to = readCount(c, 'to', current);
    atMost(to, current, 'to');
    const proof = await proveConsistency(log, from, to);
    return c.json({ from, to, proof: proof.map(toBase64) });
  });

  return app;
}
