/** @jsxImportSource hono/jsx */
import type { ReleaseStatus, ToolAnnotations } from '../records/index.js';

type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'none';

export function Badge(props: { tone: Tone; label: string; title?: string }) {
  return (
    <span class={`badge b-${props.tone}`} title={props.title}>
      {props.label}
    </span>
  );
}

const STATUS_TONE: Record<ReleaseStatus, Tone> = {
  approved: 'ok',
  submitted: 'info',
  deprecated: 'warn',
  rejected: 'bad',
  revoked: 'bad',
};

export function StatusBadge(props: { status: ReleaseStatus }) {
  return <Badge tone={STATUS_TONE[props.status]} label={props.status} />;
}

const RISK_TONE: Record<string, Tone> = {
  none: 'ok',
  low: 'ok',
  medium: 'warn',
  high: 'bad',
  critical: 'bad',
};

export function RiskBadge(props: { risk: string | null | undefined }) {
  if (!props.risk) return <Badge tone="none" label="not assessed" />;
  return <Badge tone={RISK_TONE[props.risk] ?? 'none'} label={`risk: ${props.risk}`} />;
}

const SEVERITY_TONE: Record<string, Tone> = {
  info: 'info',
  low: 'ok',
  medium: 'warn',
  high: 'bad',
  critical: 'bad',
};

export function SeverityBadge(props: { severity: string; label?: string }) {
  return <Badge tone={SEVERITY_TONE[props.severity] ?? 'none'} label={props.label ?? props.severity} />;
}

/**
 * The MCP behaviour hints as badges, with the spec's defaults when a hint is absent (destructive and
 * open-world default to true, read-only to false): an absent hint is shown as assumed, not as safe.
 */
export function AnnotationBadges(props: { annotations: ToolAnnotations | undefined }) {
  const a = props.annotations ?? {};
  const readOnly = a.readOnlyHint === true;
  const destructive = !readOnly && a.destructiveHint !== false;
  const openWorld = a.openWorldHint !== false;
  return (
    <span>
      {readOnly ? <Badge tone="ok" label="read-only" /> : <Badge tone="warn" label="writes" />}
      {destructive ? (
        <Badge
          tone="bad"
          label={a.destructiveHint === true ? 'destructive' : 'destructive (assumed)'}
          title={
            a.destructiveHint === true ? undefined : 'no destructiveHint: clients must assume destructive'
          }
        />
      ) : null}
      {openWorld ? (
        <Badge
          tone="info"
          label={a.openWorldHint === true ? 'open-world' : 'open-world (assumed)'}
          title={a.openWorldHint === true ? undefined : 'no openWorldHint: clients must assume open-world'}
        />
      ) : (
        <Badge tone="ok" label="closed-world" />
      )}
      {a.idempotentHint === true ? <Badge tone="none" label="idempotent" /> : null}
    </span>
  );
}

/** A link only for http(s) URLs: a publisher's javascript: or data: URL is shown as text, never followed. */
export function SafeLink(props: { href: string | undefined }) {
  if (props.href === undefined) return <span class="muted">none</span>;
  let safe = false;
  try {
    const url = new URL(props.href);
    safe = url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    safe = false;
  }
  return safe ? (
    <a href={props.href} rel="noopener noreferrer nofollow">
      {props.href}
    </a>
  ) : (
    <code>{props.href}</code>
  );
}

export function DateTime(props: { iso: string | null | undefined }) {
  if (!props.iso) return <span class="muted">—</span>;
  return <time datetime={props.iso}>{props.iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}</time>;
}

export function serverPath(name: string, rest = ''): string {
  return `/catalog/servers/${encodeURIComponent(name)}${rest}`;
}
