/** @jsxImportSource hono/jsx */
import type { Release, ReleaseStatus } from '../records/index.js';
import { CapabilitiesSection } from './capabilities.js';
import { Badge, DateTime, RiskBadge, SafeLink, StatusBadge, serverPath } from './components.js';
import { type AssessmentView, Findings } from './findings.js';
import { Layout } from './layout.js';

export interface ReleaseRow {
  version: string;
  status: ReleaseStatus;
  statusReason: string | null;
  publishedAt: string;
  risk: string | null;
  verdict: string | null;
  hasCapabilities: boolean;
}

export interface ServerPageProps {
  name: string;
  title: string | null;
  description: string;
  releases: ReleaseRow[];
  selected: {
    version: string;
    status: ReleaseStatus;
    releaseDigest: string;
    /** The registry's latest signed attestation of this release, on a signing registry. */
    attestation: { digest: string; logIndex: number } | null;
    document: Release;
    risk: string | null;
    verdict: string | null;
  };
  assessments: AssessmentView[];
  checkpoint: string | null;
}

function ReleasesTable(props: { name: string; rows: ReleaseRow[]; selected: string }) {
  return (
    <table>
      <caption>All releases, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Status</th>
          <th scope="col">Risk</th>
          <th scope="col">Published</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">
              {r.version === props.selected ? (
                <span aria-current="true">
                  <code>{r.version}</code> (shown)
                </span>
              ) : (
                <a href={serverPath(props.name, `?${new URLSearchParams({ version: r.version })}`)}>
                  <code>{r.version}</code>
                </a>
              )}
            </th>
            <td>
              <StatusBadge status={r.status} />
            </td>
            <td>
              <RiskBadge risk={r.risk} />
              {r.verdict ? <span class="muted">{` verdict: ${r.verdict}`}</span> : null}
            </td>
            <td>
              <DateTime iso={r.publishedAt} />
            </td>
            <td>{r.statusReason ?? <span class="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Packages(props: { release: Release }) {
  const packages = props.release.packages ?? [];
  const remotes = props.release.remotes ?? [];
  return (
    <section aria-labelledby="artifacts">
      <h2 id="artifacts">Packages and remotes</h2>
      {packages.length === 0 && remotes.length === 0 ? <p class="muted">None declared.</p> : null}
      {packages.length > 0 ? (
        <table>
          <caption>Packages</caption>
          <thead>
            <tr>
              <th scope="col">Registry</th>
              <th scope="col">Identifier</th>
              <th scope="col">Version</th>
              <th scope="col">Transport</th>
              <th scope="col">Digest and provenance</th>
            </tr>
          </thead>
          <tbody>
            {packages.map((p) => (
              <tr>
                <td>{p.registryType}</td>
                <th scope="row">
                  <code>{p.identifier}</code>
                </th>
                <td>{p.version ? <code>{p.version}</code> : <span class="muted">in identifier</span>}</td>
                <td>{p.transport.type}</td>
                <td>
                  {p.digest ? <code>{p.digest}</code> : <Badge tone="warn" label="no digest" />}
                  {p.provenance ? (
                    <div>
                      built by <SafeLink href={p.provenance.sourceRepository} />
                      {p.provenance.workflow ? (
                        <span>
                          {' '}
                          (<code>{p.provenance.workflow}</code>)
                        </span>
                      ) : null}
                    </div>
                  ) : (
                    <div class="muted">no expected provenance</div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {remotes.length > 0 ? (
        <table>
          <caption>Remote endpoints</caption>
          <thead>
            <tr>
              <th scope="col">Transport</th>
              <th scope="col">URL</th>
            </tr>
          </thead>
          <tbody>
            {remotes.map((r) => (
              <tr>
                <td>{r.type}</td>
                <th scope="row">
                  <code>{r.url}</code>
                </th>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function DiffForm(props: { name: string; rows: ReleaseRow[]; selected: string }) {
  const withCaps = props.rows.filter((r) => r.hasCapabilities);
  if (withCaps.length < 2) {
    return <p class="muted">A capability diff needs two releases that declare capabilities.</p>;
  }
  // rows are newest first: compare the shown release with the one before it (or the nearest other one)
  const at = withCaps.findIndex((r) => r.version === props.selected);
  const older = (withCaps[at + 1] ?? withCaps.find((r) => r.version !== props.selected))?.version;
  return (
    <form class="pick" method="get" action={serverPath(props.name, '/diff')}>
      <div>
        <label for="diff-from">From release</label>
        <select id="diff-from" name="from">
          {withCaps.map((r) => (
            <option value={r.version} selected={r.version === older}>
              {`${r.version} (${r.status})`}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="diff-to">To release</label>
        <select id="diff-to" name="to">
          {withCaps.map((r) => (
            <option value={r.version} selected={r.version === props.selected}>
              {`${r.version} (${r.status})`}
            </option>
          ))}
        </select>
      </div>
      <button type="submit">Compare capabilities</button>
    </form>
  );
}

export function Checkpoint(props: { checkpoint: string | null }) {
  return (
    <section aria-labelledby="log">
      <h2 id="log">Transparency log</h2>
      {props.checkpoint === null ? (
        <p class="notice">
          The transparency log is not enabled on this registry, so there is no signed checkpoint to show.
        </p>
      ) : (
        <div>
          <p class="muted">The log's latest signed checkpoint (a C2SP signed note):</p>
          <pre>{props.checkpoint}</pre>
        </div>
      )}
    </section>
  );
}

export function ServerPage(props: ServerPageProps) {
  const { selected } = props;
  const doc = selected.document;
  return (
    <Layout title={props.title ?? props.name} section="servers">
      <p>
        <a href="/catalog">All servers</a>
      </p>
      <h1>{props.title ?? props.name}</h1>
      {props.title ? (
        <p>
          <code>{props.name}</code>
        </p>
      ) : null}
      <p class="desc lead">{props.description}</p>
      <dl class="facts">
        <dt>Shown release</dt>
        <dd>
          <code>{selected.version}</code> <StatusBadge status={selected.status} />
          <RiskBadge risk={selected.risk} />
        </dd>
        <dt>Release digest</dt>
        <dd>
          <code>{selected.releaseDigest}</code>
        </dd>
        <dt>Attestation</dt>
        <dd>
          {selected.attestation ? (
            <span>
              <a
                href={`/v1/servers/${encodeURIComponent(props.name)}/releases/${encodeURIComponent(selected.version)}/attestation`}
              >
                <code>{selected.attestation.digest}</code>
              </a>{' '}
              <span class="muted">{`log entry ${selected.attestation.logIndex}`}</span>
            </span>
          ) : (
            <span class="muted">not signed by this registry</span>
          )}
        </dd>
        <dt>Repository</dt>
        <dd>
          <SafeLink href={doc.repository?.url} />
        </dd>
        <dt>Website</dt>
        <dd>
          <SafeLink href={doc.websiteUrl} />
        </dd>
      </dl>
      <section aria-labelledby="releases">
        <h2 id="releases">Releases</h2>
        <ReleasesTable name={props.name} rows={props.releases} selected={selected.version} />
        <h3>Capability diff</h3>
        <DiffForm name={props.name} rows={props.releases} selected={selected.version} />
      </section>
      <Findings assessments={props.assessments} />
      <CapabilitiesSection capabilities={doc.capabilities} />
      <Packages release={doc} />
      <Checkpoint checkpoint={props.checkpoint} />
    </Layout>
  );
}
