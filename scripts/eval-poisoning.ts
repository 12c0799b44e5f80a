/**
 * Evaluation of the tool-poisoning rules on real data read in place from ../shared:
 * - recall on the labelled development set (data/poisoning-dev/*.jsonl): every malicious example must be
 *   flagged at medium or above;
 * - false-positive rate on the benign Docker MCP catalog (data/docker-catalog/tools-latest.json): the share
 *   of real published tools flagged at medium or above, goal below 1%.
 * Prints every miss and every false positive. Exits 1 when a goal is missed, 0 with a note when ../shared
 * is absent (a fresh clone).
 *
 *   npm run eval:poisoning [-- --verbose]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Capabilities, Finding, Severity, Tool } from '../registry/records/index.js';
import {
  analyzePoisoning,
  highestSeverityAt,
  SEVERITY_RANK,
  toVisible,
} from '../verifier/assess/poisoning/index.js';

// ../shared beside the project; MCPVET_SHARED_DIR points elsewhere (tests use it to simulate a fresh clone).
export const SHARED_DIR =
  process.env.MCPVET_SHARED_DIR ?? resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared');
export const FP_GOAL = 0.01;
const FLAG_AT: Severity = 'medium';

export interface DevExample {
  id: string;
  label: string;
  malicious: boolean;
  tool: Tool;
}

type Row = Record<string, unknown>;

/** One dev-set row as a one-tool surface. Rows carry either `text` or `description`, optionally params. */
export function toDevExample(row: Row): DevExample {
  const label = String(row.label ?? '');
  const text =
    typeof row.text === 'string' ? row.text : typeof row.description === 'string' ? row.description : '';
  let tool: Tool;
  if (row.text_kind === 'tool_json_with_inputSchema') {
    const parsed = JSON.parse(text) as Tool;
    tool = { ...parsed, inputSchema: parsed.inputSchema ?? { type: 'object' } };
  } else {
    const names = Array.isArray(row.param_names) ? row.param_names.map(String) : [];
    // The rows give parameter names only: no types, descriptions or required flags, so none are claimed.
    const properties = Object.fromEntries(names.map((n) => [n, {}]));
    tool = {
      name: typeof row.tool_name === 'string' ? row.tool_name : 'example_tool',
      description: text,
      inputSchema: { type: 'object', properties },
    };
  }
  return { id: String(row.id ?? ''), label, malicious: label.startsWith('malicious'), tool };
}

export function loadDevSet(dir = join(SHARED_DIR, 'data', 'poisoning-dev')): DevExample[] {
  const out: DevExample[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (line.trim()) out.push(toDevExample(JSON.parse(line) as Row));
    }
  }
  return out;
}

interface CatalogArgument {
  name: string;
  type?: string;
  desc?: string;
  description?: string;
  required?: boolean;
  optional?: boolean;
  items?: unknown;
}

/** A Docker catalog tool (`arguments` list, `parameters` map or `inputSchema`) as an MCP tool. */
export function toCatalogTool(raw: Row): Tool {
  const tool: Tool = {
    name: String(raw.name ?? ''),
    inputSchema: { type: 'object' },
  };
  if (typeof raw.description === 'string') tool.description = raw.description;
  if (typeof raw.title === 'string') tool.title = raw.title;
  if (raw.inputSchema && typeof raw.inputSchema === 'object')
    tool.inputSchema = raw.inputSchema as Tool['inputSchema'];
  else if (Array.isArray(raw.arguments)) {
    const args = raw.arguments as CatalogArgument[];
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    for (const a of args) {
      const prop: Record<string, unknown> = {};
      if (a.type) prop.type = a.type;
      const desc = a.desc ?? a.description;
      if (desc !== undefined) prop.description = desc;
      if (a.items !== undefined) prop.items = a.items;
      properties[a.name] = prop;
      // The catalog's convention: an argument is required unless marked optional.
      if (a.required === true || (a.required === undefined && a.optional !== true)) required.push(a.name);
    }
    tool.inputSchema = { type: 'object', properties, required };
  } else if (raw.parameters && typeof raw.parameters === 'object') {
    tool.inputSchema = { type: 'object', properties: raw.parameters as Record<string, unknown> };
  }
  if (raw.annotations && typeof raw.annotations === 'object')
    tool.annotations = raw.annotations as Tool['annotations'];
  return tool;
}

export function loadCatalog(file = join(SHARED_DIR, 'data', 'docker-catalog', 'tools-latest.json')): Array<{
  server: string;
  capabilities: Capabilities;
}> {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { servers: Record<string, { tools?: Row[] }> };
  return Object.entries(doc.servers)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([server, entry]) => ({
      server,
      capabilities: {
        serverInfo: { name: server, version: '0' },
        tools: (entry.tools ?? []).map(toCatalogTool),
      },
    }));
}

function flagged(findings: Finding[], pointer: string): boolean {
  const s = highestSeverityAt(findings, pointer);
  return s !== undefined && SEVERITY_RANK[s] >= SEVERITY_RANK[FLAG_AT];
}

function describe(findings: Finding[], pointer: string, all = false): string[] {
  return findings
    .filter((f) => (f.evidence?.location ?? '').startsWith(pointer))
    .filter((f) => all || SEVERITY_RANK[f.severity] >= SEVERITY_RANK[FLAG_AT])
    .map(
      (f) =>
        `      ${f.severity.padEnd(8)} ${f.ruleId}  ${JSON.stringify(toVisible(f.evidence?.text ?? '').slice(0, 140))}`,
    );
}

export interface EvalResult {
  recall: number;
  malicious: number;
  caught: number;
  misses: Array<{ id: string; lines: string[] }>;
  devBenignFlagged: Array<{ id: string; lines: string[] }>;
  devBenign: number;
  tools: number;
  falsePositives: Array<{ server: string; tool: string; lines: string[] }>;
  fpRate: number;
}

export function evaluate(): EvalResult {
  const dev = loadDevSet();
  const misses: EvalResult['misses'] = [];
  const devBenignFlagged: EvalResult['devBenignFlagged'] = [];
  let caught = 0;
  for (const ex of dev) {
    const { findings } = analyzePoisoning({ tools: [ex.tool] });
    const hit = flagged(findings, '/tools/0');
    if (ex.malicious) {
      if (hit) caught++;
      else misses.push({ id: ex.id, lines: describe(findings, '/tools/0', true) });
    } else if (hit) devBenignFlagged.push({ id: ex.id, lines: describe(findings, '/tools/0') });
  }
  const malicious = dev.filter((e) => e.malicious).length;

  const falsePositives: EvalResult['falsePositives'] = [];
  let tools = 0;
  for (const { server, capabilities } of loadCatalog()) {
    // A whole server is one surface, as a client sees it: shadowing rules see the sibling tools.
    const { findings } = analyzePoisoning(capabilities);
    (capabilities.tools ?? []).forEach((tool, i) => {
      tools++;
      if (flagged(findings, `/tools/${i}`))
        falsePositives.push({ server, tool: tool.name, lines: describe(findings, `/tools/${i}/`) });
    });
  }
  return {
    recall: malicious === 0 ? 1 : caught / malicious,
    malicious,
    caught,
    misses,
    devBenignFlagged,
    devBenign: dev.length - malicious,
    tools,
    falsePositives,
    fpRate: tools === 0 ? 0 : falsePositives.length / tools,
  };
}

function main(): number {
  if (
    !existsSync(join(SHARED_DIR, 'data', 'poisoning-dev')) ||
    !existsSync(join(SHARED_DIR, 'data', 'docker-catalog'))
  ) {
    console.log(
      `eval:poisoning: ${SHARED_DIR} is absent; nothing to evaluate (this is expected on a fresh clone).`,
    );
    return 0;
  }
  const r = evaluate();
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  console.log(
    `poisoning-dev: recall ${r.caught}/${r.malicious} = ${pct(r.recall)} (flagged at ${FLAG_AT} or above)`,
  );
  for (const m of r.misses) console.log(`  MISS ${m.id}\n${m.lines.join('\n') || '      (no findings)'}`);
  console.log(
    `poisoning-dev: benign examples flagged ${r.devBenignFlagged.length}/${r.devBenign} (informational)`,
  );
  for (const b of r.devBenignFlagged) console.log(`  benign flagged ${b.id}\n${b.lines.join('\n')}`);
  console.log(
    `docker-catalog: false positives ${r.falsePositives.length}/${r.tools} tools = ${pct(r.fpRate)} (goal < ${pct(FP_GOAL)})`,
  );
  for (const fp of r.falsePositives) console.log(`  FP ${fp.server} / ${fp.tool}\n${fp.lines.join('\n')}`);
  const ok = r.recall === 1 && r.fpRate < FP_GOAL;
  console.log(ok ? 'eval:poisoning: both goals met' : 'eval:poisoning: GOAL MISSED');
  return ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
