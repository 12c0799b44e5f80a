import { isAbsolute, relative, sep } from 'node:path';
import type { DiscoveredServer } from '../discovery/index.js';

function portablePath(path: string, cwd: string, home: string): string {
  const inProject = relative(cwd, path);
  if (inProject !== '' && !inProject.startsWith('..') && !isAbsolute(inProject))
    return inProject.split(sep).join('/');
  const inHome = relative(home, path);
  if (inHome !== '' && !inHome.startsWith('..') && !isAbsolute(inHome))
    return `~/${inHome.split(sep).join('/')}`;
  return path;
}

/**
 * The id a lock entry is written under: the discovery id (client, scope, config file, entry name) with
 * the config file relative to the project (or ~), so a lock committed with the project matches after a
 * checkout anywhere else.
 */
export function toLockId(
  server: Pick<DiscoveredServer, 'client' | 'scope' | 'name' | 'location'>,
  cwd: string,
  home: string,
): string {
  return `${server.client}:${server.scope}:${portablePath(server.location.file, cwd, home)}#${server.name}`;
}
