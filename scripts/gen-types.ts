// Generates the TypeScript record types from schemas/, which stay the single source of truth.
// `npm run gen:types` rewrites the file; test/records/types.test.ts fails when it is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILES = [
  'capabilities',
  'assessment',
  'release',
  'policy',
  'lock',
  'report',
  'log-entry',
] as const;
export const TYPES_FILE = join(root, 'registry/records/types.generated.ts');

// A $ref to another schema file becomes a reference to that file's root type, declared once from its own file.
function pointExternalRefsAtTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(pointExternalRefsAtTypes);
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && !ref.startsWith('#')) {
    const file = ref.replace(/\.schema\.json.*$/, '');
    return { tsType: file.charAt(0).toUpperCase() + file.slice(1) };
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, pointExternalRefsAtTypes(v)]));
}

export async function renderTypes(): Promise<string> {
  const parts: string[] = [
    '// Generated from schemas/*.schema.json by scripts/gen-types.ts. Do not edit by hand.',
    '/* eslint-disable */',
  ];
  for (const name of SCHEMA_FILES) {
    const path = join(root, 'schemas', `${name}.schema.json`);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue; // a schema that a later issue adds
    }
    const schema = pointExternalRefsAtTypes(JSON.parse(text)) as JSONSchema;
    const ts = await compile(schema, schema.title ?? name, {
      bannerComment: '',
      cwd: join(root, 'schemas'),
      declareExternallyReferenced: false,
      additionalProperties: false,
      unreachableDefinitions: true,
      strictIndexSignatures: true,
      format: false,
      $refOptions: { resolve: { http: false } },
    });
    parts.push(`// --- ${name}.schema.json ---`, ts);
  }
  return `${parts.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(TYPES_FILE, await renderTypes());
  console.log(`wrote ${TYPES_FILE}`);
}
