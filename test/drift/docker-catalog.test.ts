// Optional suite: classifies the 47 real drift events of docker/mcp-registry (../shared, read in place).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCanonicallyEqual } from '../../registry/fingerprint/index.js';
import type { Capabilities, Tool } from '../../registry/records/index.js';
import { type DriftItem, diffCapabilities } from '../../verifier/drift/index.js';

const file = join(import.meta.dirname, '../../../shared/data/docker-catalog/tools-drift-events.json');
const present = existsSync(file);
if (!present) console.log(`[drift/docker-catalog] skipped: ${file} is absent (optional real-data suite)`);

interface Argument {
  name: string;
  type?: string;
  desc?: string;
  description?: string;
  required?: boolean;
}
interface Shape {
  arguments: Argument[] | null;
  inputSchema: Record<string, unknown> | null;
}
interface DriftEvent {
  server: string;
  tools_added: string[];
  tools_removed: string[];
  description_changed: { tool: string; before: string; after: string }[];
  schema_changed: { tool: string; before: Shape; after: Shape }[];
  annotations_changed?: unknown[];
}

/** Docker's catalog keeps either a JSON Schema or a short argument list; the latter becomes a schema. */
function toInputSchema(shape: Shape | undefined): Record<string, unknown> {
  if (shape?.inputSchema) return shape.inputSchema;
  const args = shape?.arguments ?? [];
  const schema: Record<string, unknown> = {
    type: 'object',
    properties: Object.fromEntries(
      args.map((a) => [
        a.name,
        {
          ...(a.type ? { type: a.type } : {}),
          ...((a.desc ?? a.description) ? { description: a.desc ?? a.description } : {}),
        },
      ]),
    ),
  };
  const required = args.filter((a) => a.required).map((a) => a.name);
  if (required.length > 0) schema.required = required;
  return schema;
}

function toSurfaces(event: DriftEvent): { before: Capabilities; after: Capabilities } {
  const names = new Set([
    ...event.description_changed.map((d) => d.tool),
    ...event.schema_changed.map((s) => s.tool),
  ]);
  const before: Tool[] = [];
  const after: Tool[] = [];
  for (const name of names) {
    const d = event.description_changed.find((x) => x.tool === name);
    const s = event.schema_changed.find((x) => x.tool === name);
    before.push({ name, description: d?.before ?? 'unchanged', inputSchema: toInputSchema(s?.before) });
    after.push({ name, description: d?.after ?? 'unchanged', inputSchema: toInputSchema(s?.after) });
  }
  for (const name of event.tools_removed)
    before.push({ name, description: 'x', inputSchema: { type: 'object' } });
  for (const name of event.tools_added)
    after.push({ name, description: 'x', inputSchema: { type: 'object' } });
  return { before: { tools: before }, after: { tools: after } };
}

describe.runIf(present)('drift classification on docker/mcp-registry tool history', () => {
  const events: DriftEvent[] = present ? JSON.parse(readFileSync(file, 'utf8')).events : [];

  it('reads the 47 events', () => {
    expect(events.length).toBe(47);
  });

  it('classifies every event exactly: adds, removes, description and schema changes', () => {
    const counts: Record<string, number> = {};
    let widened = 0;
    let schemaItems = 0;
    let equalAfterConversion = 0;
    for (const event of events) {
      const { before, after } = toSurfaces(event);
      const items = diffCapabilities(before, after);
      const got = items.map((i) => `${i.code} ${i.name}`).sort();
      const expected = [
        ...event.tools_added.map((n) => `tool_added ${n}`),
        ...event.tools_removed.map((n) => `tool_removed ${n}`),
        ...event.description_changed.map((d) => `tool_description_changed ${d.tool}`),
        ...event.schema_changed
          .filter((s) => !isCanonicallyEqual(toInputSchema(s.before), toInputSchema(s.after)))
          .map((s) => `tool_input_schema_changed ${s.tool}`),
      ].sort();
      equalAfterConversion += event.schema_changed.filter((s) =>
        isCanonicallyEqual(toInputSchema(s.before), toInputSchema(s.after)),
      ).length;
      expect(got, `${event.server}`).toEqual(expected);
      for (const item of items)
        counts[`${item.severity} ${item.code}`] = (counts[`${item.severity} ${item.code}`] ?? 0) + 1;
      for (const item of items) checkItem(item, event);
      for (const item of items.filter((i) => i.code === 'tool_input_schema_changed')) {
        schemaItems++;
        if (item.evidence.widened) widened++;
      }
    }
    console.log(
      `[drift/docker-catalog] ${events.length} events → ${JSON.stringify(counts)}; ` +
        `${widened}/${schemaItems} schema changes widen; ${equalAfterConversion} schema edits were format-only`,
    );
    expect(counts['high tool_description_changed']).toBe(199);
    expect(counts['medium tool_added']).toBe(440);
    expect(counts['low tool_removed']).toBe(228);
  });
});

function checkItem(item: DriftItem, event: DriftEvent): void {
  if (item.code === 'tool_description_changed') {
    const d = event.description_changed.find((x) => x.tool === item.name);
    expect(item.severity).toBe('high');
    expect(item.evidence.before).toBe(d?.before);
    expect(item.evidence.after).toBe(d?.after);
    const t = item.evidence.text;
    // the reported span, put back into the old text, gives the new text
    expect(
      `${t?.before.slice(0, t.at)}${t?.added}${t?.before.slice((t?.at ?? 0) + (t?.removed.length ?? 0))}`,
    ).toBe(d?.after);
  }
  if (item.code === 'tool_input_schema_changed') {
    const s = event.schema_changed.find((x) => x.tool === item.name);
    const changes = item.evidence.changes ?? [];
    if (changes.length === 0) {
      expect(item.severity).toBe('info');
      return;
    }
    for (const c of changes) expect(c.path).toMatch(/^\//);
    // independent check: a parameter that did not exist before means the schema widened
    const props = (shape: Shape | undefined) =>
      Object.keys((toInputSchema(shape).properties as Record<string, unknown> | undefined) ?? {});
    const before = new Set(props(s?.before));
    if (props(s?.after).some((p) => !before.has(p))) expect(item.evidence.widened).toBe(true);
    expect(item.severity).toBe(
      item.evidence.widened || changes.some((c) => c.change === 'text_changed')
        ? 'high'
        : changes.every((c) => c.effect === 'narrows')
          ? 'low'
          : 'medium',
    );
  }
}
