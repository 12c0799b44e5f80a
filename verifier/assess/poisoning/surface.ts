import type { Capabilities } from '../../../registry/records/index.js';

/** The item a piece of text belongs to: the server itself (instructions) or one tool, prompt or resource. */
export interface SurfaceOwner {
  kind: 'server' | 'tool' | 'prompt' | 'resource' | 'resourceTemplate';
  index: number;
  name: string;
  /** JSON pointer of the item (`/tools/3`), or '' for the server. */
  pointer: string;
}

/** One piece of text a model reads, with the JSON pointer it sits at. */
export interface TextSite {
  pointer: string;
  text: string;
  field: 'instructions' | 'description' | 'title' | 'default';
  owner: SurfaceOwner;
}

/** One parameter a model fills in: a tool inputSchema property (at any depth) or a prompt argument. */
export interface ParamSite {
  pointer: string;
  name: string;
  description: string | undefined;
  required: boolean;
  /** JSON Schema type(s) as declared ('' when none). */
  type: string;
  owner: SurfaceOwner;
}

export interface Surface {
  texts: TextSite[];
  params: ParamSite[];
  /** Names of every tool and prompt in this surface, for shadowing checks. */
  itemNames: string[];
}

export function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Subschema keywords whose values are schemas, maps of schemas or arrays of schemas.
const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_ARRAYS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SCHEMA_SINGLE = [
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
];

function walkSchema(
  schema: unknown,
  pointer: string,
  owner: SurfaceOwner,
  out: Surface,
  depth: number,
  seen: Set<unknown>,
): void {
  // Depth and identity guards: schemas arrive from servers and may be huge or self-referencing objects.
  if (!isObject(schema) || depth > 32 || seen.has(schema)) return;
  seen.add(schema);
  for (const field of ['description', 'title', 'default'] as const) {
    const value = schema[field];
    if (typeof value === 'string' && value.length > 0)
      out.texts.push({ pointer: `${pointer}/${field}`, text: value, field, owner });
  }
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : [],
  );
  const props = schema.properties;
  if (isObject(props)) {
    for (const [name, sub] of Object.entries(props)) {
      const subPointer = `${pointer}/properties/${escapePointer(name)}`;
      const s = isObject(sub) ? sub : {};
      const type = Array.isArray(s.type) ? s.type.join('|') : typeof s.type === 'string' ? s.type : '';
      out.params.push({
        pointer: subPointer,
        name,
        description: typeof s.description === 'string' ? s.description : undefined,
        required: required.has(name),
        type,
        owner,
      });
    }
  }
  for (const key of SCHEMA_MAPS) {
    const map = schema[key];
    if (isObject(map))
      for (const [name, sub] of Object.entries(map))
        walkSchema(sub, `${pointer}/${key}/${escapePointer(name)}`, owner, out, depth + 1, seen);
  }
  for (const key of SCHEMA_ARRAYS) {
    const list = schema[key];
    if (Array.isArray(list))
      list.forEach((sub, i) => {
        walkSchema(sub, `${pointer}/${key}/${i}`, owner, out, depth + 1, seen);
      });
  }
  for (const key of SCHEMA_SINGLE) {
    const sub = schema[key];
    if (Array.isArray(sub))
      sub.forEach((s, i) => {
        walkSchema(s, `${pointer}/${key}/${i}`, owner, out, depth + 1, seen);
      });
    else walkSchema(sub, `${pointer}/${key}`, owner, out, depth + 1, seen);
  }
}

function pushText(out: Surface, owner: SurfaceOwner, item: Json, field: 'description' | 'title'): void {
  const value = item[field];
  if (typeof value === 'string' && value.length > 0)
    out.texts.push({ pointer: `${owner.pointer}/${field}`, text: value, field, owner });
}

/** Every text a client's model reads from a captured surface, and every parameter it may be asked to fill. */
export function collectSurface(capabilities: Capabilities): Surface {
  const out: Surface = { texts: [], params: [], itemNames: [] };
  const server: SurfaceOwner = {
    kind: 'server',
    index: 0,
    name: capabilities.serverInfo?.name ?? '',
    pointer: '',
  };
  if (typeof capabilities.instructions === 'string' && capabilities.instructions.length > 0)
    out.texts.push({
      pointer: '/instructions',
      text: capabilities.instructions,
      field: 'instructions',
      owner: server,
    });

  (capabilities.tools ?? []).forEach((tool, index) => {
    const owner: SurfaceOwner = { kind: 'tool', index, name: tool.name, pointer: `/tools/${index}` };
    out.itemNames.push(tool.name);
    pushText(out, owner, tool as Json, 'title');
    pushText(out, owner, tool as Json, 'description');
    const annotationTitle = tool.annotations?.title;
    if (typeof annotationTitle === 'string' && annotationTitle.length > 0)
      out.texts.push({
        pointer: `${owner.pointer}/annotations/title`,
        text: annotationTitle,
        field: 'title',
        owner,
      });
    walkSchema(tool.inputSchema, `${owner.pointer}/inputSchema`, owner, out, 0, new Set());
    if (tool.outputSchema !== undefined) {
      // Output schema texts are read by the model too; their properties are not parameters it fills.
      const scratch: Surface = { texts: out.texts, params: [], itemNames: [] };
      walkSchema(tool.outputSchema, `${owner.pointer}/outputSchema`, owner, scratch, 0, new Set());
    }
  });

  (capabilities.prompts ?? []).forEach((prompt, index) => {
    const owner: SurfaceOwner = { kind: 'prompt', index, name: prompt.name, pointer: `/prompts/${index}` };
    out.itemNames.push(prompt.name);
    pushText(out, owner, prompt as Json, 'title');
    pushText(out, owner, prompt as Json, 'description');
    (prompt.arguments ?? []).forEach((arg, j) => {
      const pointer = `${owner.pointer}/arguments/${j}`;
      if (typeof arg.description === 'string' && arg.description.length > 0)
        out.texts.push({
          pointer: `${pointer}/description`,
          text: arg.description,
          field: 'description',
          owner,
        });
      out.params.push({
        pointer,
        name: arg.name,
        description: arg.description,
        required: arg.required === true,
        type: 'string',
        owner,
      });
    });
  });

  (capabilities.resources ?? []).forEach((resource, index) => {
    const owner: SurfaceOwner = {
      kind: 'resource',
      index,
      name: resource.name ?? resource.uri,
      pointer: `/resources/${index}`,
    };
    pushText(out, owner, resource as Json, 'title');
    pushText(out, owner, resource as Json, 'description');
  });

  (capabilities.resourceTemplates ?? []).forEach((template, index) => {
    const owner: SurfaceOwner = {
      kind: 'resourceTemplate',
      index,
      name: template.name ?? template.uriTemplate,
      pointer: `/resourceTemplates/${index}`,
    };
    pushText(out, owner, template as Json, 'title');
    pushText(out, owner, template as Json, 'description');
  });
  return out;
}
