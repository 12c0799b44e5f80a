import { RegistryError } from '../errors/index.js';
import { D1Driver } from './driver.js';
import type { D1Database } from './types.js';

/** Request and response header that carries a D1 Sessions bookmark between a client's requests. */
export const BOOKMARK_HEADER = 'x-d1-bookmark';

// Bookmarks are opaque to clients, but they come from the network: accept only the shape D1 produces
// (dash-separated hex groups) so a junk header is refused here, not deep inside the binding.
const BOOKMARK = /^[0-9a-f]{1,64}(?:-[0-9a-f]{1,64}){0,7}$/i;

export interface D1Session {
  driver: D1Driver;
  /** The newest state this session has seen, for the client's next request; null without Sessions support. */
  bookmark(): string | null;
  /** Whether the runtime offered the Sessions API (it has since workerd 2025-04). */
  sessions: boolean;
}

export interface D1SessionOptions {
  /** The bookmark the client sent: reads then see at least everything up to it (read-your-writes). */
  bookmark?: string | null | undefined;
  /** Start at the primary: for writes, and for anything that must see the newest state. */
  primary?: boolean;
}

export function parseBookmark(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (value.length > 512 || !BOOKMARK.test(value)) {
    throw new RegistryError('bad_request', `the ${BOOKMARK_HEADER} header is not a D1 bookmark`);
  }
  return value;
}

/**
 * One D1 session per request. Without a bookmark, a read may start on any replica
 * ('first-unconstrained'); with one, D1 serves it from a replica at least that fresh. Writes start at the
 * primary, so authentication for a write (token revocation included) never reads a lagging replica.
 */
export function openD1Session(db: D1Database, options: D1SessionOptions = {}): D1Session {
  if (typeof db.withSession !== 'function') {
    return { driver: new D1Driver(db), bookmark: () => null, sessions: false };
  }
  const bookmark = parseBookmark(options.bookmark);
  const session = db.withSession(options.primary ? 'first-primary' : (bookmark ?? 'first-unconstrained'));
  return { driver: new D1Driver(session), bookmark: () => session.getBookmark(), sessions: true };
}
