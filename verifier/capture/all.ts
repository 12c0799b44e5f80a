import { captureServer } from './capture.js';
import type { CaptureOptions, CaptureResult, CaptureTarget } from './types.js';

export interface CaptureAllOptions extends CaptureOptions {
  /** Servers running at once. Default 4. */
  concurrency?: number;
  /** Called as each capture finishes (progress output). */
  onResult?: (result: CaptureResult, index: number) => void;
}

/**
 * Capture many servers with at most `concurrency` running at a time; results come back in the order of
 * `targets`. One server failing never affects the others: each result carries its own code.
 */
export async function captureAll(
  targets: readonly CaptureTarget[],
  options: CaptureAllOptions = {},
): Promise<CaptureResult[]> {
  const { concurrency = 4, onResult, ...captureOptions } = options;
  const results: CaptureResult[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      const result = await captureServer(targets[index] as CaptureTarget, captureOptions);
      results[index] = result;
      onResult?.(result, index);
    }
  };
  const workers = Math.max(1, Math.min(concurrency, targets.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
