/** @jsxImportSource hono/jsx */
import type { Capabilities, Permissions } from '../records/index.js';
import { AnnotationBadges, Badge } from './components.js';

function PermissionsList(props: { permissions: Permissions | undefined }) {
  const p = props.permissions;
  if (!p) {
    return (
      <p class="notice">
        No permissions declared. Reviewers treat undeclared permissions as unknown, not as none.
      </p>
    );
  }
  return (
    <dl class="facts">
      <dt>Network</dt>
      <dd>
        {p.network ? (
          <span>
            {p.network.egress === 'any' ? (
              <Badge tone="bad" label="any host" />
            ) : p.network.egress === 'none' ? (
              <Badge tone="ok" label="no network" />
            ) : (
              <Badge tone="warn" label="allowlisted hosts" />
            )}
            {(p.network.hosts ?? []).map((h) => (
              <code>{` ${h.host}${h.ports ? `:${h.ports.join(',')}` : ''}`}</code>
            ))}
          </span>
        ) : (
          <span class="muted">undeclared</span>
        )}
      </dd>
      <dt>Files read</dt>
      <dd>
        {p.filesystem?.read?.length ? (
          p.filesystem.read.map((f) => <code>{`${f} `}</code>)
        ) : (
          <span class="muted">none declared</span>
        )}
      </dd>
      <dt>Files written</dt>
      <dd>
        {p.filesystem?.write?.length ? (
          p.filesystem.write.map((f) => <code>{`${f} `}</code>)
        ) : (
          <span class="muted">none declared</span>
        )}
      </dd>
      <dt>Environment</dt>
      <dd>
        {p.env?.length ? (
          p.env.map((e) => (
            <span>
              <code>{e.name}</code>
              {e.secret ? <Badge tone="warn" label="secret" /> : null}{' '}
            </span>
          ))
        ) : (
          <span class="muted">none declared</span>
        )}
      </dd>
      <dt>Runs programs</dt>
      <dd>
        {p.exec === undefined ? (
          <span class="muted">undeclared</span>
        ) : p.exec ? (
          <Badge tone="warn" label="yes" />
        ) : (
          'no'
        )}
      </dd>
      <dt>Native code</dt>
      <dd>
        {p.nativeCode === undefined ? (
          <span class="muted">undeclared</span>
        ) : p.nativeCode ? (
          <Badge tone="warn" label="yes" />
        ) : (
          'no'
        )}
      </dd>
    </dl>
  );
}

export function CapabilitiesSection(props: { capabilities: Capabilities | undefined }) {
  const caps = props.capabilities;
  return (
    <section aria-labelledby="capabilities">
      <h2 id="capabilities">Capabilities</h2>
      {!caps ? (
        <p class="notice">This release declares no capabilities: its tools have not been recorded.</p>
      ) : (
        <div>
          <h3>Permissions</h3>
          <PermissionsList permissions={caps.permissions} />
          <h3>{`Tools (${caps.tools?.length ?? 0})`}</h3>
          {(caps.tools ?? []).map((t) => (
            <article class="tool" aria-label={`Tool ${t.name}`}>
              <h4>
                <code>{t.name}</code>
                {t.title ? <span class="muted">{` ${t.title}`}</span> : null}
              </h4>
              <AnnotationBadges annotations={t.annotations} />
              {t.description ? <p class="desc">{t.description}</p> : <p class="muted">No description.</p>}
              <details>
                <summary>Input schema</summary>
                <pre>{JSON.stringify(t.inputSchema, null, 2)}</pre>
              </details>
            </article>
          ))}
          {caps.prompts?.length ? (
            <div>
              <h3>{`Prompts (${caps.prompts.length})`}</h3>
              <ul>
                {caps.prompts.map((p) => (
                  <li>
                    <code>{p.name}</code>
                    {p.description ? <span class="desc">{` — ${p.description}`}</span> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {caps.resources?.length ? (
            <div>
              <h3>{`Resources (${caps.resources.length})`}</h3>
              <ul>
                {caps.resources.map((r) => (
                  <li>
                    <code>{r.uri}</code> {r.name}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}
