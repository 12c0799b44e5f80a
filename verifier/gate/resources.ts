import type { Denied, SurfaceGuard } from './guard.js';
import { type TemplateMatcher, toTemplateMatcher } from './uri-template.js';

/** Client requests that address a resource by URI: each passes only where a read would. */
export const RESOURCE_METHODS: ReadonlySet<string> = new Set(['resources/read', 'resources/subscribe']);

/** A vetted item that could allow a URI: the resource with that exact URI, or a template it matches. */
export interface ResourceRoute {
  kind: 'resource' | 'resourceTemplate';
  key: string;
}

export type ResourceVerdict = { allowed: true; via: ResourceRoute } | Denied;

/**
 * Which URIs the vetted surface lets a client read or subscribe to. A URI passes when it is a vetted
 * resource's URI, or an expansion of a vetted template, and the server's latest listing showed that
 * resource or template with its vetted definition. A vetted surface without resources allows none.
 */
export class ResourceAccess {
  private readonly templates: { key: string; matcher: TemplateMatcher | undefined }[];

  constructor(private readonly guard: SurfaceGuard) {
    this.templates = guard
      .vettedKeys('resourceTemplate')
      .map((key) => ({ key, matcher: toTemplateMatcher(key) }));
  }

  /** Vetted templates that cannot be parsed and so match no URI (fail closed). */
  unparseableTemplates(): string[] {
    return this.templates.filter((t) => t.matcher === undefined).map((t) => t.key);
  }

  /** Every vetted item that could allow the URI, the exact resource first, then templates in vetted order. */
  routes(uri: string): ResourceRoute[] {
    const routes: ResourceRoute[] = [];
    if (this.guard.vettedFingerprint('resource', uri) !== undefined)
      routes.push({ kind: 'resource', key: uri });
    for (const { key, matcher } of this.templates) {
      if (matcher?.test(uri)) routes.push({ kind: 'resourceTemplate', key });
    }
    return routes;
  }

  /**
   * Decide against the guard's current view (list the routes' kinds first). Any route the server shows
   * unchanged allows the URI; otherwise the first route's refusal is the reason, so an exact resource
   * that drifted reports `drifted` even when a template would also have matched.
   */
  decide(uri: string, routes: readonly ResourceRoute[]): ResourceVerdict {
    if (routes.length === 0) {
      const unparseable = this.unparseableTemplates();
      const note =
        unparseable.length === 0
          ? ''
          : ` (vetted templates that cannot be parsed match nothing: ${unparseable.map((t) => `'${t}'`).join(', ')})`;
      return {
        allowed: false,
        reason: 'undeclared',
        message: `resource '${uri}' is not in the vetted surface and matches no vetted resource template${note}`,
      };
    }
    let first: Denied | undefined;
    for (const route of routes) {
      const verdict = this.guard.checkInvocation(route.kind, route.key);
      if (verdict.allowed) return { allowed: true, via: route };
      first ??=
        route.kind === 'resource'
          ? verdict
          : { ...verdict, message: `'${uri}' matches a vetted template, but ${verdict.message}` };
    }
    // routes is not empty, so a refusal was recorded
    return first as Denied;
  }
}
