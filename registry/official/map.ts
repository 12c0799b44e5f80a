import type { Capabilities, Package, Release, ReleaseStatus } from '../records/index.js';

/** The official registry's own metadata key, as the real registry serves it. */
export const OFFICIAL_META_KEY = 'io.modelcontextprotocol.registry/official';
/** mcpvet's reverse-DNS `_meta` key: everything the official shape has no field for travels here. */
export const MCPVET_META_KEY = 'dev.mcpvet/registry';

/** A server.json as the official registry publishes it (ServerDetail): open-ended, kept as published. */
export type OfficialServer = Omit<Release, 'capabilities' | 'packages'> & {
  packages?: Omit<Package, 'digest' | 'provenance'>[];
};

export interface OfficialMeta {
  status: 'active' | 'deprecated' | 'deleted';
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
}

export interface McpvetPackageMeta {
  registryType: string;
  identifier: string;
  version?: string;
  digest?: string;
  provenance?: NonNullable<Package['provenance']>;
}

export interface McpvetMeta {
  status: ReleaseStatus;
  releaseDigest: string;
  releaseUrl: string;
  risk?: string;
  verdict?: string;
  assessmentDigest?: string;
  assessedAt?: string;
  capabilityFingerprint?: string;
  toolCount?: number;
  /** The artifact digests and expected provenance the official Package schema has no room for. */
  packages?: McpvetPackageMeta[];
  /** Where the registry's signed attestation of this release's state is served, and its digest. */
  attestationUrl?: string;
  attestationDigest?: string;
}

export interface OfficialServerResponse {
  server: OfficialServer;
  _meta: { [OFFICIAL_META_KEY]: OfficialMeta; [MCPVET_META_KEY]: McpvetMeta };
}

/**
 * The release as the official registry would publish it: mcpvet's additions removed (the official Package
 * schema has additionalProperties:false, so a strict client would refuse digest and provenance), every other
 * field exactly as the publisher wrote it, in the publisher's key order.
 */
export function toOfficialServer(release: Release): OfficialServer {
  const server: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(release)) {
    if (key === 'capabilities') continue;
    server[key] =
      key === 'packages'
        ? (value as Package[]).map(({ digest: _digest, provenance: _provenance, ...pkg }) => pkg)
        : value;
  }
  return server as OfficialServer;
}

/** What the stripped fields said, per package that had any: nothing is lost, it moves under mcpvet's key. */
export function toPackageMeta(release: Release): McpvetPackageMeta[] {
  const out: McpvetPackageMeta[] = [];
  for (const p of release.packages ?? []) {
    if (p.digest === undefined && p.provenance === undefined) continue;
    const meta: McpvetPackageMeta = { registryType: p.registryType, identifier: p.identifier };
    if (p.version !== undefined) meta.version = p.version;
    if (p.digest !== undefined) meta.digest = p.digest;
    if (p.provenance !== undefined) meta.provenance = p.provenance;
    out.push(meta);
  }
  return out;
}

export interface ResponseInput {
  release: Release;
  status: ReleaseStatus;
  releaseDigest: string;
  publishedAt: string;
  updatedAt: string;
  isLatest: boolean;
  releaseUrl: string;
  assessment?: { digest: string; risk: string; verdict: string; date: string } | null;
  /** The surface fingerprint of the declared capabilities, when there are any. */
  capabilityFingerprint?: string | undefined;
  attestation?: { url: string; digest: string } | undefined;
}

/** One `{server, _meta}` item of the official v0.1 API. Pure: the caller supplies URLs and fingerprint. */
export function toOfficialResponse(input: ResponseInput): OfficialServerResponse {
  const mcpvet: McpvetMeta = {
    status: input.status,
    releaseDigest: input.releaseDigest,
    releaseUrl: input.releaseUrl,
  };
  if (input.assessment) {
    mcpvet.risk = input.assessment.risk;
    mcpvet.verdict = input.assessment.verdict;
    mcpvet.assessmentDigest = input.assessment.digest;
    mcpvet.assessedAt = input.assessment.date;
  }
  if (input.capabilityFingerprint !== undefined) mcpvet.capabilityFingerprint = input.capabilityFingerprint;
  const tools = (input.release.capabilities as Capabilities | undefined)?.tools;
  if (tools !== undefined) mcpvet.toolCount = tools.length;
  const packages = toPackageMeta(input.release);
  if (packages.length > 0) mcpvet.packages = packages;
  if (input.attestation !== undefined) {
    mcpvet.attestationUrl = input.attestation.url;
    mcpvet.attestationDigest = input.attestation.digest;
  }
  return {
    server: toOfficialServer(input.release),
    _meta: {
      [OFFICIAL_META_KEY]: {
        // only approved releases are served, and approved is what the official registry calls active
        status: 'active',
        publishedAt: input.publishedAt,
        updatedAt: input.updatedAt,
        isLatest: input.isLatest,
      },
      [MCPVET_META_KEY]: mcpvet,
    },
  };
}
