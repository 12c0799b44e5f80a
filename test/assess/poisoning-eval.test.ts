import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { evaluate, FP_GOAL, SHARED_DIR } from '../../scripts/eval-poisoning.js';

// Optional evaluation suite: reads ../shared in place and skips (with a note) on a fresh clone without it.
const available =
  existsSync(join(SHARED_DIR, 'data', 'poisoning-dev')) &&
  existsSync(join(SHARED_DIR, 'data', 'docker-catalog'));
if (!available) console.log(`poisoning evaluation skipped: ${SHARED_DIR} is absent`);

describe.runIf(available)('poisoning evaluation on ../shared', () => {
  it('flags every malicious dev example at medium or above and under 1% of the benign catalog', () => {
    const r = evaluate();
    expect(r.malicious).toBeGreaterThan(0);
    expect(r.tools).toBe(4972);
    expect(r.misses.map((m) => m.id)).toEqual([]);
    expect(r.recall).toBe(1);
    expect(r.fpRate).toBeLessThan(FP_GOAL);
  });
});

describe('eval:poisoning without ../shared', () => {
  it('prints a note and exits 0', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/eval-poisoning.ts'],
      {
        env: { ...process.env, MCPVET_SHARED_DIR: join(process.cwd(), 'no-such-shared-dir') },
      },
    );
    expect(stdout).toContain('is absent; nothing to evaluate');
  });
});
