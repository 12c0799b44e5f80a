import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureAll } from '../../verifier/capture/index.js';
import { diffCapabilities } from '../../verifier/drift/index.js';
import { realServer } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'mcpvet-real-'));
const targets = [
  realServer('server-filesystem', [tmp]),
  realServer('server-memory', [], { MEMORY_FILE_PATH: join(tmp, 'memory.jsonl') }),
  realServer('server-sequential-thinking'),
  realServer('server-everything'),
];

describe('real MCP servers from npm', () => {
  it('are captured, fingerprinted stably run after run, and verify clean against the first capture', async () => {
    const first = await captureAll(targets, { concurrency: 4 });
    const second = await captureAll(targets, { concurrency: 4 });
    for (const [i, result] of first.entries()) {
      const again = second[i];
      expect(result.error, `${result.target.id}: ${result.stderr}`).toBeUndefined();
      expect(again?.error).toBeUndefined();
      expect(result.capabilities?.fingerprint).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(again?.capabilities?.fingerprint, String(result.target.id)).toBe(
        result.capabilities?.fingerprint,
      );
      expect(diffCapabilities(result.capabilities ?? {}, again?.capabilities ?? {})).toEqual([]);
    }
    const names = first.map((r) => r.capabilities?.tools?.map((t) => t.name) ?? []);
    expect(names[0]).toEqual(expect.arrayContaining(['read_text_file', 'write_file', 'list_directory']));
    expect(names[1]).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
    expect(names[2]).toEqual(['sequentialthinking']);
    expect(names[3]).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    const everything = first[3]?.capabilities;
    expect(everything?.prompts?.length).toBeGreaterThan(0);
    expect(everything?.resources?.length).toBeGreaterThan(0);
    expect(everything?.resourceTemplates?.length).toBeGreaterThan(0);
    expect(everything?.instructions).toBeTruthy();
  });
});
