import type { Permissions } from '../../../registry/records/index.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The permissions block inside whatever document declares it: a bare permissions object, a capabilities
 * document (`permissions`) or a release (`capabilities.permissions`). Undefined means not declared.
 */
export function readDeclaredPermissions(doc: unknown): Permissions | undefined {
  if (!isObject(doc)) return undefined;
  if (isObject(doc.capabilities) && isObject(doc.capabilities.permissions))
    return doc.capabilities.permissions as Permissions;
  if (isObject(doc.permissions)) return doc.permissions as Permissions;
  const keys = ['network', 'filesystem', 'env', 'exec', 'nativeCode'];
  // A bare block; `{}` declares that nothing is needed, which is not the same as declaring nothing.
  if (Object.keys(doc).every((k) => keys.includes(k))) return doc as Permissions;
  return undefined;
}
