import type { Expression, Node } from '@babel/types';
import { normalizeModule } from './modules.js';
import { walkAst } from './walk.js';

/**
 * What an expression refers to: a member path inside a module (`child_process` → [`spawn`]), inside the
 * global object, or inside `process`. Bindings are tracked per file without scopes: a local that shadows an
 * imported name is rare in published code, and erring towards "it is the module" fails closed.
 */
export interface ModuleRef {
  module: string;
  subpath: string;
  path: string[];
}

export type Bindings = Map<string, ModuleRef>;

const GLOBAL_OBJECTS = new Set(['globalThis', 'window', 'self', 'global']);

export function literalString(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0)
    return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function moduleRef(spec: string): ModuleRef {
  const { name, subpath } = normalizeModule(spec);
  return { module: name, subpath, path: [] };
}

/** `require('m')`, `import('m')`, `await import('m')` with a literal name → the module; else undefined. */
export function requiredModule(node: Node, bindings: Bindings): string | undefined {
  let n: Node = node;
  if (n.type === 'AwaitExpression') n = n.argument;
  if (n.type === 'ImportExpression') return literalString(n.source);
  if (n.type !== 'CallExpression') return undefined;
  const callee = n.callee;
  const isRequire =
    (callee.type === 'Identifier' && callee.name === 'require' && !bindings.has('require')) ||
    (callee.type === 'MemberExpression' &&
      callee.object.type === 'Identifier' &&
      callee.object.name === 'module' &&
      callee.property.type === 'Identifier' &&
      callee.property.name === 'require') ||
    callee.type === 'Import';
  return isRequire ? literalString(n.arguments[0] as Node | undefined) : undefined;
}

function memberName(node: Node & { computed: boolean; property: Node }): string {
  if (!node.computed && node.property.type === 'Identifier') return node.property.name;
  if (node.property.type === 'PrivateName') return `#${node.property.id.name}`;
  return literalString(node.property) ?? '*';
}

export function resolveRef(node: Node | null | undefined, bindings: Bindings): ModuleRef | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'Identifier': {
      const bound = bindings.get(node.name);
      if (bound) return bound;
      if (node.name === 'process') return { module: 'process', subpath: '', path: [] };
      if (GLOBAL_OBJECTS.has(node.name)) return { module: 'global', subpath: '', path: [] };
      return { module: 'global', subpath: '', path: [node.name] };
    }
    case 'MemberExpression':
    case 'OptionalMemberExpression': {
      const base = resolveRef(node.object, bindings);
      if (!base) return undefined;
      const name = memberName(node);
      // globalThis.process.env is process.env
      if (base.module === 'global' && base.path.length === 0 && name === 'process')
        return { module: 'process', subpath: '', path: [] };
      return { ...base, path: [...base.path, name] };
    }
    case 'CallExpression':
    case 'AwaitExpression':
    case 'ImportExpression': {
      const m = requiredModule(node, bindings);
      if (m !== undefined) return moduleRef(m);
      if (node.type !== 'CallExpression') return undefined;
      const arg = node.arguments[0];
      if (!arg || arg.type === 'SpreadElement' || arg.type === 'ArgumentPlaceholder') return undefined;
      // Interop wrappers (__toESM(require('x')), _interopRequireDefault(…)) and util.promisify(fn) keep
      // referring to what they wrap.
      if (node.callee.type === 'Identifier' && node.callee.name.startsWith('_'))
        return resolveRef(arg, bindings);
      const callee = resolveRef(node.callee, bindings);
      if (callee?.module === 'util' && callee.path.join('.') === 'promisify')
        return resolveRef(arg, bindings);
      return undefined;
    }
    case 'TSNonNullExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
    case 'TSTypeAssertion':
    case 'ParenthesizedExpression':
      return resolveRef(node.expression, bindings);
    case 'SequenceExpression':
      // (0, fs.writeFileSync)(…) is how bundlers call an import without a `this`.
      return resolveRef(node.expressions[node.expressions.length - 1], bindings);
    default:
      return undefined;
  }
}

function bindPattern(id: Node, ref: ModuleRef, bindings: Bindings): void {
  if (id.type === 'Identifier') {
    bindings.set(id.name, ref);
    return;
  }
  if (id.type !== 'ObjectPattern') return;
  for (const prop of id.properties) {
    if (prop.type !== 'ObjectProperty') continue;
    const key = !prop.computed && prop.key.type === 'Identifier' ? prop.key.name : literalString(prop.key);
    if (key === undefined) continue;
    const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
    bindPattern(value, { ...ref, path: [...ref.path, key] }, bindings);
  }
}

/** One pass collecting import/require bindings and aliases of `process` and `process.env`. */
export function collectBindings(ast: Node): Bindings {
  const bindings: Bindings = new Map();
  walkAst(ast, ({ node }) => {
    if (node.type === 'ImportDeclaration') {
      const base = moduleRef(node.source.value);
      for (const s of node.specifiers) {
        if (s.type === 'ImportSpecifier') {
          const imported = s.imported.type === 'Identifier' ? s.imported.name : s.imported.value;
          bindings.set(s.local.name, imported === 'default' ? base : { ...base, path: [imported] });
        } else bindings.set(s.local.name, base);
      }
    } else if (node.type === 'TSImportEqualsDeclaration') {
      if (node.moduleReference.type === 'TSExternalModuleReference')
        bindings.set(node.id.name, moduleRef(node.moduleReference.expression.value));
    } else if (node.type === 'VariableDeclarator' && node.init) {
      const ref = resolveRef(node.init as Expression, bindings);
      if (
        ref &&
        !(ref.module === 'global' && node.id.type === 'Identifier' && ref.path.join('.') === node.id.name)
      )
        bindPattern(node.id, ref, bindings);
    } else if (
      node.type === 'AssignmentExpression' &&
      node.operator === '=' &&
      node.left.type === 'Identifier'
    ) {
      const ref = resolveRef(node.right, bindings);
      if (ref && ref.module !== 'global') bindings.set(node.left.name, ref);
    }
  });
  return bindings;
}
