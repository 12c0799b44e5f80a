export { D1Driver, toRegistryErrorFromD1 } from './driver.js';
export { isEmptyDump, verifyStoreDump } from './dump.js';
export {
  BOOKMARK_HEADER,
  type D1Session,
  type D1SessionOptions,
  openD1Session,
  parseBookmark,
} from './session.js';
export type {
  D1Database,
  D1DatabaseSession,
  D1Meta,
  D1PreparedStatement,
  D1Queryable,
  D1Result,
  D1SessionConstraint,
} from './types.js';
