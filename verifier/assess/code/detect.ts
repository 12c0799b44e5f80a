import type { Node } from '@babel/types';
import {
  EXEC_MODULES,
  FS_MODULES,
  FS_WRITE_MEMBERS,
  GLOBAL_EGRESS,
  NATIVE_LOADERS,
  NETWORK_MODULES,
  type NetworkDirection,
  normalizeModule,
  VM_MODULES,
} from './modules.js';
import { isAnalyzableSource, parseSource } from './parse.js';
import {
  type Bindings,
  collectBindings,
  literalString,
  type ModuleRef,
  requiredModule,
  resolveRef,
} from './refs.js';
import { inspectString, OBFUSCATED_IDENTIFIER } from './strings.js';
import { walkAst } from './walk.js';

export type CapabilityKind =
  | 'exec'
  | 'network'
  | 'fs-write'
  | 'env'
  | 'eval'
  | 'dynamic-load'
  | 'native'
  | 'obfuscation'
  | 'url';

/** One thing the code can do, where it says so (1-based line and column, UTF-16 offsets). */
export interface Detection {
  kind: CapabilityKind;
  /** What was seen: `child_process.spawn`, `fetch`, `process.env.API_KEY`, `eval`, `https://host/…`. */
  what: string;
  file: string;
  line: number;
  column: number;
  start: number;
  end: number;
  snippet: string;
  network?: NetworkDirection;
  /** env: the variable read ('*' when computed or the whole environment is taken). */
  env?: string;
  /** url: the host named. */
  host?: string;
  /** exec: the command when it is a literal string. */
  argument?: string;
  /** obfuscation: low for embedded binary assets, medium otherwise. */
  weight?: 'low' | 'medium';
}

export interface SourceAnalysis {
  file: string;
  parsed: boolean;
  errors: string[];
  detections: Detection[];
}

const MAX_PER_KIND = 100;
const MAX_SNIPPET = 160;

function networkDirection(module: string, member: string | undefined, called = true): NetworkDirection {
  const spec = NETWORK_MODULES[module];
  if (!spec) return 'unknown';
  if (spec.server) return 'listen';
  if (member !== undefined && spec.listen.has(member)) return 'listen';
  if (!spec.egress) return 'egress';
  // Calling the module itself (`new WebSocket(url)` from 'ws') is its default export.
  if (member === undefined) return called && spec.egress.has('default') ? 'egress' : 'unknown';
  return spec.egress.has(member) ? 'egress' : 'unknown';
}

/** Detect what one JS/TS file can do, from its AST. Pure: the caller supplies the text. */
export function analyzeSource(file: string, code: string): SourceAnalysis {
  const { ast, errors } = parseSource(file, code);
  if (!ast) return { file, parsed: false, errors, detections: [] };
  const bindings = collectBindings(ast);
  const detections: Detection[] = [];
  const counts = new Map<CapabilityKind, number>();
  const seenHosts = new Set<string>();
  let obfuscatedIds = 0;

  const add = (kind: CapabilityKind, node: Node, what: string, extra: Partial<Detection> = {}) => {
    const n = counts.get(kind) ?? 0;
    if (n >= MAX_PER_KIND) return;
    counts.set(kind, n + 1);
    const start = node.start ?? 0;
    const end = node.end ?? start;
    const raw = code.slice(start, end);
    detections.push({
      kind,
      what,
      file,
      line: node.loc?.start.line ?? 0,
      column: (node.loc?.start.column ?? 0) + 1,
      start,
      end,
      snippet: raw.length > MAX_SNIPPET ? `${raw.slice(0, MAX_SNIPPET - 1)}…` : raw,
      ...extra,
    });
  };

  const onModule = (spec: string, node: Node) => {
    const { name } = normalizeModule(spec);
    if (EXEC_MODULES.has(name)) add('exec', node, `imports ${name}`);
    else if (NETWORK_MODULES[name])
      add('network', node, `imports ${name}`, { network: networkDirection(name, undefined, false) });
    else if (VM_MODULES.has(name)) add('eval', node, `imports ${name}`);
    else if (NATIVE_LOADERS.has(name) || /\.node$/i.test(spec)) add('native', node, `loads ${spec}`);
  };

  const onCall = (node: Node & { callee: Node; arguments: Node[] }, isNew: boolean) => {
    const first = node.arguments[0];
    if (
      node.callee.type === 'Import' ||
      (node.callee.type === 'Identifier' && node.callee.name === 'require' && !bindings.has('require'))
    ) {
      if (first && literalString(first) === undefined)
        add(
          'dynamic-load',
          node,
          node.callee.type === 'Import' ? 'import() of a computed specifier' : 'require() of a computed path',
        );
      return;
    }
    const ref = resolveRef(node.callee, bindings);
    if (!ref) return;
    classifyCall(ref, node, first, isNew);
  };

  const classifyCall = (
    ref: ModuleRef,
    node: Node & { arguments: Node[] },
    first: Node | undefined,
    isNew: boolean,
  ) => {
    const members = ref.path.filter((p) => p !== 'default' && p !== 'promises');
    const last = members[members.length - 1];
    const label = [ref.module + (ref.subpath ? `/${ref.subpath}` : ''), ...ref.path].join('.');
    if (EXEC_MODULES.has(ref.module)) {
      const argument = literalString(first);
      add('exec', node, label, argument === undefined ? {} : { argument });
    } else if (NETWORK_MODULES[ref.module])
      add('network', node, label, { network: networkDirection(ref.module, last) });
    else if (FS_MODULES.has(ref.module) && last !== undefined) {
      if (FS_WRITE_MEMBERS.has(last)) add('fs-write', node, label);
      else if (last === 'open' || last === 'openSync') {
        const flags = literalString(node.arguments[1]);
        if (flags === undefined ? node.arguments.length > 1 : /[wa+]/.test(flags))
          add('fs-write', node, `${label}(…, ${flags ?? '?'})`);
      }
    } else if (VM_MODULES.has(ref.module)) add('eval', node, label);
    else if (NATIVE_LOADERS.has(ref.module)) add('native', node, label);
    else if (ref.module === 'process' && ref.path.join('.') === 'dlopen')
      add('native', node, 'process.dlopen');
    else if (ref.module === 'global' && ref.path.length === 1) {
      const name = ref.path[0] as string;
      if (name === 'eval') add('eval', node, 'eval');
      else if (name === 'Function') add('eval', node, isNew ? 'new Function' : 'Function()');
      else if (GLOBAL_EGRESS.has(name))
        add('network', node, isNew ? `new ${name}` : name, { network: 'egress' });
      else if (
        (name === 'setTimeout' || name === 'setInterval') &&
        first &&
        literalString(first) !== undefined
      )
        add('eval', node, `${name} with a code string`);
    }
  };

  const isEnv = (n: Node | null | undefined): boolean => {
    const ref = resolveRef(n, bindings);
    return ref?.module === 'process' && ref.path.length === 1 && ref.path[0] === 'env';
  };

  // `node` is process.env (or an alias of it) used as a value rather than read from.
  const onWholeEnv = (node: Node, parent: Node | undefined, key: string | undefined) => {
    if (
      parent &&
      (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') &&
      key === 'object'
    )
      return;
    if (parent?.type === 'VariableDeclarator' && key === 'init') {
      // `const env = process.env` is followed through bindings; destructuring names what is read.
      if (parent.id.type !== 'ObjectPattern') return;
      for (const prop of parent.id.properties) {
        if (prop.type === 'RestElement') add('env', prop, 'process.env (rest)', { env: '*' });
        else {
          const name =
            !prop.computed && prop.key.type === 'Identifier' ? prop.key.name : literalString(prop.key);
          add('env', prop, name === undefined ? 'process.env[computed]' : `process.env.${name}`, {
            env: name ?? '*',
          });
        }
      }
      return;
    }
    add('env', node, 'process.env (whole environment)', { env: '*' });
  };

  walkAst(ast, ({ node, parent, key }) => {
    switch (node.type) {
      case 'ImportDeclaration':
        onModule(node.source.value, node);
        return;
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        if (node.source) onModule(node.source.value, node);
        return;
      case 'CallExpression':
      case 'NewExpression': {
        const m = requiredModule(node, bindings);
        if (m !== undefined) onModule(m, node);
        onCall(node as Node & { callee: Node; arguments: Node[] }, node.type === 'NewExpression');
        return;
      }
      case 'ImportExpression': {
        const m = literalString(node.source);
        if (m !== undefined) onModule(m, node);
        else add('dynamic-load', node, 'import() of a computed specifier');
        return;
      }
      case 'Identifier':
        if (OBFUSCATED_IDENTIFIER.test(node.name) && obfuscatedIds++ === 10)
          add('obfuscation', node, 'obfuscator-style identifiers (_0x…)', { weight: 'medium' });
        return;
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        if (isEnv(node.object)) {
          const name =
            !node.computed && node.property.type === 'Identifier'
              ? node.property.name
              : literalString(node.property);
          add('env', node, name === undefined ? 'process.env[computed]' : `process.env.${name}`, {
            env: name ?? '*',
          });
        } else if (isEnv(node)) onWholeEnv(node, parent, key);
        return;
      }
      case 'StringLiteral':
      case 'TemplateElement': {
        // Module names are not strings the code acts on.
        if (
          parent &&
          (parent.type === 'ImportDeclaration' ||
            parent.type === 'ExportAllDeclaration' ||
            parent.type === 'ExportNamedDeclaration')
        )
          return;
        const value = node.type === 'StringLiteral' ? node.value : (node.value.cooked ?? node.value.raw);
        const raw =
          node.type === 'StringLiteral' ? ((node.extra?.raw as string | undefined) ?? '') : node.value.raw;
        for (const s of inspectString(value, raw)) {
          if (s.kind === 'url') {
            const host = s.host ?? '';
            if (seenHosts.has(host)) continue;
            seenHosts.add(host);
            add('url', node, s.what, { host });
          } else add('obfuscation', node, s.what, { weight: s.weight });
        }
        return;
      }
      default:
        return;
    }
  });
  return { file, parsed: true, errors, detections };
}

export interface SourceFile {
  path: string;
  text: string;
}

/** Every analyzable file of a package (sources only; declaration files and other types are skipped). */
export function analyzeSources(files: SourceFile[]): SourceAnalysis[] {
  return files.filter((f) => isAnalyzableSource(f.path)).map((f) => analyzeSource(f.path, f.text));
}

export type { Bindings };
