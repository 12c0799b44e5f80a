/** @jsxImportSource hono/jsx */
import type { ReleaseStatus } from '../records/index.js';
import { Badge, RiskBadge, serverPath } from './components.js';
import { Layout } from './layout.js';

export interface ServerListItem {
  name: string;
  title: string | null;
  description: string;
  latestApproved: string | null;
  risk: string | null;
  statuses: Partial<Record<ReleaseStatus, number>>;
  releaseCount: number;
}

export interface ServerListProps {
  query: string;
  items: ServerListItem[];
  nextCursor: string | null;
  /** Whether this is a later page (so "first page" is offered). */
  paged: boolean;
}

export function ServerListPage(props: ServerListProps) {
  const { query, items } = props;
  const next = props.nextCursor
    ? `/catalog?${new URLSearchParams({ ...(query ? { q: query } : {}), cursor: props.nextCursor })}`
    : null;
  return (
    <Layout title={query ? `Servers matching “${query}”` : 'Servers'} section="servers">
      <h1>MCP servers</h1>
      <p class="lead">Every server published to this registry, with the state of its releases.</p>
      <search>
        <form class="search" method="get" action="/catalog">
          <div>
            <label for="q">Search servers</label>
            <input
              id="q"
              name="q"
              type="search"
              value={query}
              maxlength={256}
              placeholder="name, title, description or package"
            />
          </div>
          <button type="submit">Search</button>
        </form>
      </search>
      <p aria-live="polite" class="muted" id="result-count">
        {items.length === 0
          ? query
            ? `No server matches “${query}”.`
            : 'No servers yet.'
          : `${items.length} server${items.length === 1 ? '' : 's'} on this page${query ? ` matching “${query}”` : ''}.`}
      </p>
      <ul class="servers" aria-labelledby="result-count">
        {items.map((s) => (
          <li>
            <h2>
              <a href={serverPath(s.name)}>{s.title ?? s.name}</a>
            </h2>
            {s.title ? (
              <div class="muted">
                <code>{s.name}</code>
              </div>
            ) : null}
            <p class="desc">{s.description}</p>
            <div>
              {s.latestApproved ? (
                <Badge tone="ok" label={`approved ${s.latestApproved}`} />
              ) : (
                <Badge tone="none" label="no approved release" />
              )}
              {s.latestApproved ? <RiskBadge risk={s.risk} /> : null}
              <span class="muted">
                {` ${s.releaseCount} release${s.releaseCount === 1 ? '' : 's'}: `}
                {Object.entries(s.statuses)
                  .map(([status, n]) => `${n} ${status}`)
                  .join(', ')}
              </span>
            </div>
          </li>
        ))}
      </ul>
      <nav class="pager" aria-label="Pages">
        {props.paged ? (
          <a href={query ? `/catalog?${new URLSearchParams({ q: query })}` : '/catalog'}>First page</a>
        ) : null}
        {next ? <a href={next}>Next page</a> : null}
      </nav>
    </Layout>
  );
}
