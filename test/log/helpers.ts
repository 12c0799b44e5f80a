import { fromHex, MemoryLog } from '../../registry/log/index.js';

export function hex(text: string): Uint8Array {
  const bytes = fromHex(text);
  if (!bytes) throw new Error(`bad hex ${text}`);
  return bytes;
}

/** Distinct leaf inputs for generated trees. */
export function leafInput(i: number): Uint8Array {
  return new TextEncoder().encode(`leaf-${i}`);
}

/** A memory log with `size` leaves, appended in uneven batches so batch boundaries get exercised. */
export async function buildLog(size: number, batch = 7): Promise<MemoryLog> {
  const log = new MemoryLog();
  for (let start = 0; start < size; start += batch) {
    const entries: Uint8Array[] = [];
    for (let i = start; i < Math.min(size, start + batch); i++) entries.push(leafInput(i));
    await log.append(entries);
  }
  return log;
}

export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  const at = Math.floor(bit / 8) % copy.length;
  copy[at] = (copy[at] as number) ^ (1 << (bit % 8));
  return copy;
}
