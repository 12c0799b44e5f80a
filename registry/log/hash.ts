import { asBufferSource, concatBytes, fromHex } from '../records/bytes.js';

/** RFC 6962 / RFC 9162 Merkle tree hashing with SHA-256. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', asBufferSource(data)));
}

/** MTH of the empty tree: SHA-256 of the empty string. */
export const EMPTY_ROOT_HASH: Uint8Array = fromHex(
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
) as Uint8Array;

/** Leaf hash: SHA-256(0x00 ‖ entry). The prefix keeps a leaf from ever colliding with an interior node. */
export function hashLeaf(entry: Uint8Array): Promise<Uint8Array> {
  return sha256(concatBytes(LEAF_PREFIX, entry));
}

/** Interior node: SHA-256(0x01 ‖ left ‖ right). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(concatBytes(NODE_PREFIX, left, right));
}

export function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === HASH_SIZE;
}
