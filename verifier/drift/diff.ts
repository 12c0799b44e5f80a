import {
  type ItemKind,
  isCanonicallyEqual,
  KIND_FIELDS,
  toItemKey,
} from '../../registry/fingerprint/index.js';
import type { Capabilities, Severity } from '../../registry/records/index.js';
import { diffSchemas, isWidening } from './schema-diff.js';
import { maxSeverity, severityRank } from './severity.js';
import { toTextChange } from './text.js';
import type { AnnotationChange, DriftCode, DriftItem, SchemaChange } from './types.js';

type Item = Record<string, unknown>;

const CODE_PREFIX: Record<ItemKind, string> = {
  tool: 'tool',
  prompt: 'prompt',
  resource: 'resource',
  resourceTemplate: 'resource_template',
};
const LABEL: Record<ItemKind, string> = {
  tool: 'tool',
  prompt: 'prompt',
  resource: 'resource',
  resourceTemplate: 'resource template',
};
// A new tool is a capability nobody reviewed; a new prompt is model-facing text; a new resource is data.
const ADDED_SEVERITY: Record<ItemKind, Severity> = {
  tool: 'medium',
  prompt: 'medium',
  resource: 'low',
  resourceTemplate: 'low',
};

// MCP's defaults when a hint is absent: a client must assume the worst.
const HINT_DEFAULTS: Record<string, boolean> = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

// What a new server capability lets the server do. Unknown keys are treated as the riskiest.
const CAPABILITY_SEVERITY: Record<string, Severity> = {
  tools: 'medium',
  prompts: 'medium',
  resources: 'medium',
  tasks: 'medium',
  logging: 'low',
  completions: 'low',
};

function code(kind: ItemKind, suffix: string): DriftCode {
  return `${CODE_PREFIX[kind]}_${suffix}` as DriftCode;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function groupByKey(kind: ItemKind, doc: Capabilities): Map<string, Item[]> {
  const map = new Map<string, Item[]>();
  for (const item of (doc[KIND_FIELDS[kind]] ?? []) as Item[]) {
    const key = toItemKey(kind, item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function describeSchemaChanges(changes: SchemaChange[]): string {
  const shown = changes.slice(0, 4).map((c) => `${c.change.replace(/_/g, ' ')} at ${c.path}`);
  return shown.join('; ') + (changes.length > 4 ? `; +${changes.length - 4} more` : '');
}

function diffAnnotations(name: string, before: unknown, after: unknown): DriftItem | undefined {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  if (isCanonicallyEqual(b, a)) return undefined;
  const changes: AnnotationChange[] = [];
  const severities: Severity[] = [];
  const readOnlyAfter = typeof a.readOnlyHint === 'boolean' ? a.readOnlyHint : HINT_DEFAULTS.readOnlyHint;
  for (const hint of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
    if (isCanonicallyEqual(b[hint], a[hint])) continue;
    const change: AnnotationChange = { hint, before: b[hint], after: a[hint] };
    const fallback = HINT_DEFAULTS[hint];
    if (fallback !== undefined) {
      const eb = typeof b[hint] === 'boolean' ? (b[hint] as boolean) : fallback;
      const ea = typeof a[hint] === 'boolean' ? (a[hint] as boolean) : fallback;
      change.effectiveBefore = eb;
      change.effectiveAfter = ea;
      if (eb === ea) severities.push('info');
      else if (hint === 'readOnlyHint') severities.push(eb && !ea ? 'high' : 'low');
      // destructiveHint only means something for a tool that is not read-only
      else if (hint === 'destructiveHint') severities.push(!eb && ea && !readOnlyAfter ? 'high' : 'low');
      else if (hint === 'openWorldHint') severities.push(!eb && ea ? 'medium' : 'low');
      else severities.push('low');
    } else {
      severities.push('low');
    }
    changes.push(change);
  }
  const summary = changes
    .map((c) => `${c.hint} ${JSON.stringify(c.before) ?? 'unset'} → ${JSON.stringify(c.after) ?? 'unset'}`)
    .join(', ');
  return {
    code: 'tool_annotations_changed',
    severity: maxSeverity(severities),
    kind: 'tool',
    name,
    message: `tool '${name}' annotations changed: ${summary}`,
    evidence: { field: 'annotations', before, after, annotations: changes },
  };
}

function diffSchemaField(
  name: string,
  field: 'inputSchema' | 'outputSchema',
  before: unknown,
  after: unknown,
): DriftItem | undefined {
  if (isCanonicallyEqual(before, after)) return undefined;
  const changes = diffSchemas(before ?? {}, after ?? {});
  const widened = isWidening(changes);
  const textChanged = changes.some((c) => c.change === 'text_changed');
  const onlyNarrows = changes.length > 0 && changes.every((c) => c.effect === 'narrows');
  let severity: Severity;
  if (changes.length === 0) {
    // e.g. `properties: {}` added or `required` reordered: bytes differ, accepted values do not
    severity = 'info';
  } else if (field === 'inputSchema') {
    // parameter descriptions are shown to the model just like the tool description
    severity = widened || textChanged ? 'high' : onlyNarrows ? 'low' : 'medium';
  } else {
    severity = onlyNarrows ? 'low' : 'medium';
  }
  const what = field === 'inputSchema' ? 'input schema' : 'output schema';
  return {
    code: field === 'inputSchema' ? 'tool_input_schema_changed' : 'tool_output_schema_changed',
    severity,
    kind: 'tool',
    name,
    message:
      changes.length === 0
        ? `tool '${name}' ${what} changed in form only (it accepts the same values)`
        : `tool '${name}' ${what} ${widened ? 'widened' : 'changed'}: ${describeSchemaChanges(changes)}`,
    evidence: { field, before, after, widened, changes },
  };
}

function diffTool(name: string, before: Item, after: Item): DriftItem[] {
  const out: DriftItem[] = [];
  if (!isCanonicallyEqual(before.description, after.description)) {
    const text = toTextChange(textOf(before.description), textOf(after.description));
    out.push({
      code: 'tool_description_changed',
      severity: 'high',
      kind: 'tool',
      name,
      message: `tool '${name}' description changed (what the model is told about it)`,
      evidence: { field: 'description', before: before.description, after: after.description, text },
    });
  }
  if (!isCanonicallyEqual(before.title, after.title)) {
    out.push({
      code: 'tool_title_changed',
      severity: 'medium',
      kind: 'tool',
      name,
      message: `tool '${name}' title changed: ${JSON.stringify(before.title)} → ${JSON.stringify(after.title)}`,
      evidence: { field: 'title', before: before.title, after: after.title },
    });
  }
  for (const field of ['inputSchema', 'outputSchema'] as const) {
    const item = diffSchemaField(name, field, before[field], after[field]);
    if (item) out.push(item);
  }
  const annotations = diffAnnotations(name, before.annotations, after.annotations);
  if (annotations) out.push(annotations);
  const known = new Set(['name', 'description', 'title', 'inputSchema', 'outputSchema', 'annotations']);
  const others = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !known.has(k) && !isCanonicallyEqual(before[k], after[k]))
    .sort();
  if (others.length > 0) {
    out.push({
      code: 'tool_changed',
      severity: 'medium',
      kind: 'tool',
      name,
      message: `tool '${name}' changed in ${others.join(', ')}`,
      evidence: {
        fields: others,
        before: Object.fromEntries(others.map((k) => [k, before[k]])),
        after: Object.fromEntries(others.map((k) => [k, after[k]])),
      },
    });
  }
  return out;
}

function diffOther(kind: Exclude<ItemKind, 'tool'>, name: string, before: Item, after: Item): DriftItem[] {
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((k) => !isCanonicallyEqual(before[k], after[k]))
    .sort();
  if (fields.length === 0) return [];
  const evidence: DriftItem['evidence'] = {
    fields,
    before: Object.fromEntries(fields.map((k) => [k, before[k]])),
    after: Object.fromEntries(fields.map((k) => [k, after[k]])),
  };
  if (fields.includes('description')) {
    evidence.text = toTextChange(textOf(before.description), textOf(after.description));
  }
  return [
    {
      code: code(kind, 'changed'),
      severity: 'medium',
      kind,
      name,
      message: `${LABEL[kind]} '${name}' changed in ${fields.join(', ')}`,
      evidence,
    },
  ];
}

function diffKind(kind: ItemKind, declared: Capabilities, observed: Capabilities): DriftItem[] {
  const before = groupByKey(kind, declared);
  const after = groupByKey(kind, observed);
  const out: DriftItem[] = [];
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const name of names) {
    const b = before.get(name);
    const a = after.get(name);
    if (!b && a) {
      out.push({
        code: code(kind, 'added'),
        severity: ADDED_SEVERITY[kind],
        kind,
        name,
        message: `${LABEL[kind]} '${name}' is not in the declared surface`,
        evidence: { after: a[0] },
      });
      continue;
    }
    if (b && !a) {
      out.push({
        code: code(kind, 'removed'),
        severity: 'low',
        kind,
        name,
        message: `declared ${LABEL[kind]} '${name}' is gone`,
        evidence: { before: b[0] },
      });
      continue;
    }
    if (!b || !a) continue;
    if (a.length > b.length) {
      // a second definition under a vetted name lets a client pick either one
      out.push({
        code: code(kind, 'duplicated'),
        severity: 'high',
        kind,
        name,
        message: `${LABEL[kind]} '${name}' is listed ${a.length} times`,
        evidence: { after: a },
      });
    }
    const first = b[0] as Item;
    const candidate = a.find((x) => isCanonicallyEqual(x, first)) ?? (a[0] as Item);
    out.push(
      ...(kind === 'tool' ? diffTool(name, first, candidate) : diffOther(kind, name, first, candidate)),
    );
  }
  return out;
}

function diffInstructions(declared: Capabilities, observed: Capabilities): DriftItem[] {
  const b = declared.instructions;
  const a = observed.instructions;
  if (b === a || (b ?? '') === (a ?? '')) return [];
  if (!b) {
    return [
      {
        code: 'instructions_added',
        severity: 'high',
        kind: 'server',
        name: 'instructions',
        message: 'the server now sends instructions (text a client may put into the system prompt)',
        evidence: { field: 'instructions', after: a },
      },
    ];
  }
  if (!a) {
    return [
      {
        code: 'instructions_removed',
        severity: 'low',
        kind: 'server',
        name: 'instructions',
        message: 'the server no longer sends instructions',
        evidence: { field: 'instructions', before: b },
      },
    ];
  }
  return [
    {
      code: 'instructions_changed',
      severity: 'high',
      kind: 'server',
      name: 'instructions',
      message: 'the server instructions changed (text a client may put into the system prompt)',
      evidence: { field: 'instructions', before: b, after: a, text: toTextChange(b, a) },
    },
  ];
}

function diffServerCapabilities(declared: Capabilities, observed: Capabilities): DriftItem[] {
  const b = declared.serverCapabilities ?? {};
  const a = observed.serverCapabilities ?? {};
  const out: DriftItem[] = [];
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
    if (isCanonicallyEqual(b[key], a[key])) continue;
    const field = `capabilities.${key}`;
    if (!(key in b)) {
      out.push({
        code: 'server_capability_added',
        severity: CAPABILITY_SEVERITY[key] ?? 'high',
        kind: 'server',
        name: field,
        message: `the server now declares the '${key}' capability`,
        evidence: { field, after: a[key] },
      });
    } else if (!(key in a)) {
      out.push({
        code: 'server_capability_removed',
        severity: 'low',
        kind: 'server',
        name: field,
        message: `the server no longer declares the '${key}' capability`,
        evidence: { field, before: b[key] },
      });
    } else {
      const bo = isObject(b[key]) ? (b[key] as Record<string, unknown>) : {};
      const ao = isObject(a[key]) ? (a[key] as Record<string, unknown>) : {};
      const added = Object.keys(ao).filter((k) => !(k in bo));
      // listChanged lets the surface change mid-session; experimental features are unknown behaviour
      const severity: Severity =
        key === 'experimental' || !(key in CAPABILITY_SEVERITY)
          ? 'high'
          : added.includes('listChanged') && ao.listChanged
            ? 'medium'
            : 'low';
      out.push({
        code: 'server_capability_changed',
        severity,
        kind: 'server',
        name: field,
        message: `the server's '${key}' capability changed: ${JSON.stringify(b[key])} → ${JSON.stringify(a[key])}`,
        evidence: { field, before: b[key], after: a[key] },
      });
    }
  }
  return out;
}

/**
 * Every difference between a declared (vetted) surface and an observed one, each with a stable code,
 * a severity and evidence a reviewer can read (old → new text, schema paths, whether a schema widened).
 * Pure: no I/O, no clock. Order: server-level items, then tools, prompts, resources, templates by name.
 */
export function diffCapabilities(declared: Capabilities, observed: Capabilities): DriftItem[] {
  const items = [...diffServerCapabilities(declared, observed), ...diffInstructions(declared, observed)];
  const order: ItemKind[] = ['tool', 'prompt', 'resource', 'resourceTemplate'];
  for (const kind of order) items.push(...diffKind(kind, declared, observed));
  return items;
}

/** The highest severity among drift items, or undefined when there is none. */
export function toDriftSeverity(items: readonly DriftItem[]): Severity | undefined {
  if (items.length === 0) return undefined;
  return items.reduce<Severity>(
    (s, i) => (severityRank(i.severity) > severityRank(s) ? i.severity : s),
    'info',
  );
}
