/** @jsxImportSource hono/jsx */
import type { DriftItem } from '../../verifier/drift/types.js';
import { Badge, SeverityBadge, serverPath } from './components.js';
import { Layout } from './layout.js';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

export interface DiffPageProps {
  name: string;
  title: string | null;
  from: string;
  to: string;
  items: DriftItem[];
}

function Evidence(props: { item: DriftItem }) {
  const e = props.item.evidence;
  return (
    <div>
      {e.text ? (
        <pre>
          {e.text.before.slice(0, e.text.at)}
          {e.text.removed ? (
            <del>
              <span class="sr-only">removed: </span>
              {e.text.removed}
            </del>
          ) : null}
          {e.text.added ? (
            <ins>
              <span class="sr-only">added: </span>
              {e.text.added}
            </ins>
          ) : null}
          {e.text.after.slice(e.text.at + e.text.added.length)}
        </pre>
      ) : null}
      {e.changes?.length ? (
        <ul class="plain">
          {e.changes.map((c) => (
            <li>
              <code>{c.path || '/'}</code> {c.change.replace(/_/g, ' ')}{' '}
              {c.effect === 'widens' ? (
                <Badge tone="bad" label="widens" />
              ) : (
                <Badge tone="none" label={c.effect} />
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {e.annotations?.length ? (
        <ul class="plain">
          {e.annotations.map((a) => (
            <li>
              <code>{a.hint}</code>
              {`: ${JSON.stringify(a.before) ?? 'absent'} → ${JSON.stringify(a.after) ?? 'absent'}`}
            </li>
          ))}
        </ul>
      ) : null}
      {e.fields?.length ? <div class="muted">{`fields: ${e.fields.join(', ')}`}</div> : null}
    </div>
  );
}

export function DiffPage(props: DiffPageProps) {
  const counts = new Map<string, number>();
  for (const i of props.items) counts.set(i.severity, (counts.get(i.severity) ?? 0) + 1);
  // most severe first; within a severity, the diff's own order (server, tools, prompts, resources)
  const items = [...props.items].sort(
    (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  );
  const label = props.title ?? props.name;
  return (
    <Layout title={`${label}: ${props.from} → ${props.to}`} section="servers">
      <p>
        <a href={serverPath(props.name)}>{`Back to ${label}`}</a>
      </p>
      <h1>
        Capability diff <code>{props.from}</code> → <code>{props.to}</code>
      </h1>
      <p class="lead">
        What a client would see change between the two releases' declared capabilities of{' '}
        <code>{props.name}</code>.
      </p>
      {props.items.length === 0 ? (
        <p class="notice">No difference: both releases declare the same surface.</p>
      ) : (
        <div>
          <p>
            {SEVERITIES.filter((s) => counts.has(s)).map((s) => (
              <SeverityBadge severity={s} label={`${counts.get(s)} ${s}`} />
            ))}
          </p>
          <table>
            <caption>{`${props.items.length} change${props.items.length === 1 ? '' : 's'}`}</caption>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Item</th>
                <th scope="col">Change</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr>
                  <td>
                    <SeverityBadge severity={i.severity} />
                  </td>
                  <th scope="row">
                    <span class="muted">{i.kind}</span> <code>{i.name}</code>
                  </th>
                  <td>
                    <code>{i.code}</code>
                    <div>{i.message}</div>
                  </td>
                  <td>
                    <Evidence item={i} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
