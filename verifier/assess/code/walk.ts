import type { Node } from '@babel/types';

const SKIP_KEYS = new Set([
  'type',
  'loc',
  'start',
  'end',
  'range',
  'extra',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'comments',
  'tokens',
  'errors',
]);

function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
  );
}

export interface Visit {
  node: Node;
  parent: Node | undefined;
  key: string | undefined;
}

/**
 * Depth-first over every AST node with its parent. Iterative: minified bundles nest deeper than the call
 * stack allows. Hand-written because @babel/traverse (scopes, paths) is far more than a read-only scan needs.
 */
export function walkAst(root: Node, visit: (v: Visit) => void): void {
  const stack: Visit[] = [{ node: root, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const current = stack.pop() as Visit;
    visit(current);
    const node = current.node as unknown as Record<string, unknown>;
    const keys = Object.keys(node);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k] as string;
      if (SKIP_KEYS.has(key)) continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i];
          if (isNode(child)) stack.push({ node: child, parent: current.node, key });
        }
      } else if (isNode(value)) stack.push({ node: value, parent: current.node, key });
    }
  }
}
