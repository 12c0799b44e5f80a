// Generated from schemas/*.schema.json by scripts/gen-types.ts. Do not edit by hand.
/* eslint-disable */
// --- capabilities.schema.json ---
/**
 * The MCP surface a server exposes (what a client sees after initialize and the list calls) and the permissions it needs from the host.
 */
export interface Capabilities {
$schema?: string
protocolVersion?: string
serverInfo?: ServerInfo
/**
 * The capabilities object the server returned from initialize (tools, prompts, resources, logging, completions, experimental …).
 */
serverCapabilities?: {
[k: string]: unknown | undefined
}
instructions?: string
/**
 * @maxItems 10000
 */
tools?: Tool[]
/**
 * @maxItems 10000
 */
prompts?: Prompt[]
/**
 * @maxItems 10000
 */
resources?: Resource[]
/**
 * @maxItems 10000
 */
resourceTemplates?: ResourceTemplate[]
permissions?: Permissions
capturedAt?: string
/**
 * Surface digest over every item, the instructions and the server capabilities.
 */
fingerprint?: string
}
/**
 * This interface was referenced by `Capabilities`'s JSON-Schema
 * via the `definition` "ServerInfo".
 */
export interface ServerInfo {
name: string
version: string
title?: string
[k: string]: unknown | undefined
}
/**
 * This interface was referenced by `Capabilities`'s JSON-Schema
 * via the `definition` "Tool".
 */
export interface Tool {
name: string
title?: string
description?: string
inputSchema: {
[k: string]: unknown | undefined
}
outputSchema?: {
[k: string]: unknown | undefined
}
annotations?: ToolAnnotations
[k: string]: unknown | undefined
}
/**
 * This interface was referenced by `Capabilities`'s JSON-Schema
 * via the `definition` "ToolAnnotations".
 */
export interface ToolAnnotations {
title?: string
readOnlyHint?: boolean
destructiveHint?: boolean
idempotentHint?: boolean
openWorldHint?: boolean
[k: string]: unknown | undefined
}
/**
 * This interface was referenced by `Capabilities`'s JSON-Schema
 * via the `definition` "Prompt".
 */
export interface Prompt {
name: string
title?: string
description?: string
arguments?: {
name: string
title?: string
description?: string
required?: boolean
[k: string]: unknown | undefined
}[]
[k: string]: unknown | undefined
}
/**
 * This interface was referenced by `Capabilities`'s JSON-Schema
 * via the `definition` "Resource".
 */
export interface Resource {
uri: string
name: string
title?: string
description?: string
mimeType?: string
size?: number
[k: string]: unknown | undefined
}
/**
 * This interface was referenced by `Capabilities`'s JSON-Schema
 * via the `definition` "ResourceTemplate".
 */
export interface ResourceTemplate {
uriTemplate: string
name: string
title?: string
description?: string
mimeType?: string
[k: string]: unknown | undefined
}
/**
 * What the server needs from the host. Absent means undeclared, which reviewers treat as unknown, not as none.
 * 
 * This interface was referenced by `Capabilities`'s JSON-Schema
 * via the `definition` "Permissions".
 */
export interface Permissions {
network?: NetworkPermission
filesystem?: {
read?: string[]
write?: string[]
}
env?: EnvPermission[]
/**
 * Spawns subprocesses.
 */
exec?: boolean
/**
 * Loads native code (addons, bundled binaries).
 */
nativeCode?: boolean
}
/**
 * This interface was referenced by `Capabilities`'s JSON-Schema
 * via the `definition` "NetworkPermission".
 */
export interface NetworkPermission {
egress: ("none" | "any" | "allowlist")
hosts?: {
host: string
ports?: number[]
}[]
}
/**
 * This interface was referenced by `Capabilities`'s JSON-Schema
 * via the `definition` "EnvPermission".
 */
export interface EnvPermission {
name: string
secret?: boolean
required?: boolean
description?: string
}

// --- assessment.schema.json ---
/**
 * This interface was referenced by `Assessment`'s JSON-Schema
 * via the `definition` "Risk".
 */
export type Risk = ("none" | "low" | "medium" | "high" | "critical")
/**
 * This interface was referenced by `Assessment`'s JSON-Schema
 * via the `definition` "Severity".
 */
export type Severity = ("info" | "low" | "medium" | "high" | "critical")

/**
 * One security assessment of one release: who assessed it, how, what was found, and the resulting risk and verdict.
 */
export interface Assessment {
$schema?: string
/**
 * What was assessed: a release, a package artifact or a capabilities document.
 */
subject?: {
name?: string
version?: string
package?: string
digest?: string
}
assessor: {
id: string
name?: string
kind?: ("person" | "tool" | "organization")
}
method: ("automated" | "manual")
tool: {
name: string
version: string
rulesVersion?: string
}
date: string
/**
 * @maxItems 10000
 */
findings: Finding[]
risk: Risk
verdict: ("approve" | "review" | "reject")
summary?: string
/**
 * Facts gathered about the artifact (scripts, file counts, dependencies, detected capabilities).
 */
inventory?: {
[k: string]: unknown | undefined
}
}
/**
 * This interface was referenced by `Assessment`'s JSON-Schema
 * via the `definition` "Finding".
 */
export interface Finding {
ruleId: string
severity: Severity
category: string
title: string
detail?: string
evidence?: Evidence
}
/**
 * This interface was referenced by `Assessment`'s JSON-Schema
 * via the `definition` "Evidence".
 */
export interface Evidence {
/**
 * Where: a file path with optional :line:column, or a JSON pointer into a capabilities document (e.g. /tools/3/description).
 */
location?: string
/**
 * Offset of the span in the text at location (UTF-16 code units).
 */
start?: number
end?: number
/**
 * The exact span, with hidden characters made visible.
 */
text?: string
}

// --- release.schema.json ---
/**
 * An exact semantic version. Ranges, wildcards and 'latest' are rejected.
 * 
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "SemVer".
 */
export type SemVer = string
/**
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "Package".
 */
export type Package = {
registryType: ("npm" | "pypi" | "oci" | "mcpb" | "nuget")
registryBaseUrl?: string
identifier: string
/**
 * The exact package version: not 'latest', not a range or wildcard. Required for npm, pypi and nuget; OCI images carry their tag or digest in the identifier and MCPB bundles their download URL.
 */
version?: string
fileSha256?: string
runtimeHint?: string
transport: Transport
runtimeArguments?: Argument[]
packageArguments?: Argument[]
environmentVariables?: KeyValueInput[]
/**
 * mcpvet: the artifact digest. npm: the SRI sha512 integrity; oci: the image manifest digest; mcpb, pypi, nuget: sha256 of the file.
 */
digest?: string
provenance?: ProvenanceIdentity
}
/**
 * submitted -> approved | rejected; approved -> deprecated | revoked; deprecated -> revoked; revoked and rejected are final.
 * 
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "ReleaseStatus".
 */
export type ReleaseStatus = ("submitted" | "approved" | "rejected" | "deprecated" | "revoked")

/**
 * One release of one MCP server. The official MCP Registry server.json (2025-12-11) plus what mcpvet needs to verify it: per-package artifact digests and expected provenance, and the declared capabilities.
 */
export interface Release {
$schema?: string
/**
 * Reverse-DNS namespace, one slash, server name (io.github.user/weather).
 */
name: string
version: SemVer
title?: string
description: string
repository?: Repository
websiteUrl?: string
/**
 * @maxItems 32
 */
icons?: Icon[]
/**
 * @maxItems 64
 */
packages?: Package[]
/**
 * @maxItems 64
 */
remotes?: Remote[]
capabilities?: Capabilities
_meta?: {
[k: string]: unknown | undefined
}
}
/**
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "Repository".
 */
export interface Repository {
url: string
source: string
id?: string
subfolder?: string
}
/**
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "Icon".
 */
export interface Icon {
src: string
mimeType?: string
sizes?: string[]
theme?: ("light" | "dark")
}
/**
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "Transport".
 */
export interface Transport {
type: ("stdio" | "streamable-http" | "sse")
url?: string
headers?: KeyValueInput[]
}
/**
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "KeyValueInput".
 */
export interface KeyValueInput {
name: string
description?: string
isRequired?: boolean
format?: ("string" | "number" | "boolean" | "filepath")
value?: string
isSecret?: boolean
default?: string
placeholder?: string
choices?: string[]
variables?: {
[k: string]: Input | undefined
}
}
/**
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "Input".
 */
export interface Input {
description?: string
isRequired?: boolean
format?: ("string" | "number" | "boolean" | "filepath")
value?: string
isSecret?: boolean
default?: string
placeholder?: string
choices?: string[]
variables?: {
[k: string]: Input | undefined
}
}
/**
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "Argument".
 */
export interface Argument {
type: ("positional" | "named")
name?: string
valueHint?: string
isRepeated?: boolean
description?: string
isRequired?: boolean
format?: ("string" | "number" | "boolean" | "filepath")
value?: string
isSecret?: boolean
default?: string
placeholder?: string
choices?: string[]
variables?: {
[k: string]: Input | undefined
}
}
/**
 * mcpvet: who is expected to have built the artifact (the Sigstore certificate identity of its provenance).
 * 
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "ProvenanceIdentity".
 */
export interface ProvenanceIdentity {
sourceRepository: string
/**
 * Workflow path in the repository, e.g. .github/workflows/release.yml
 */
workflow?: string
issuer?: string
}
/**
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "Remote".
 */
export interface Remote {
type: ("streamable-http" | "sse")
url: string
headers?: KeyValueInput[]
variables?: {
[k: string]: Input | undefined
}
}
/**
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "AssessmentSummary".
 */
export interface AssessmentSummary {
digest: string
risk: ("none" | "low" | "medium" | "high" | "critical")
verdict: ("approve" | "review" | "reject")
date: string
assessor?: string
count?: number
}
/**
 * A release as the registry serves it: the published document plus its registry state.
 * 
 * This interface was referenced by `Release`'s JSON-Schema
 * via the `definition` "ReleaseRecord".
 */
export interface ReleaseRecord {
name: string
version: string
status: ReleaseStatus
statusReason?: string
release: Release
publishedAt: string
/**
 * Id of the token that published it.
 */
publishedBy: string
updatedAt: string
statusChangedAt?: string
statusChangedBy?: string
assessment?: AssessmentSummary
/**
 * SHA-256 over the RFC 8785 canonical JSON of the release document.
 */
releaseDigest?: string
/**
 * Digest of the latest attestation the registry signed for this release.
 */
attestationDigest?: string
/**
 * Transparency-log index of that attestation's event.
 */
logIndex?: number
}

// --- policy.schema.json ---
/**
 * This interface was referenced by `Policy`'s JSON-Schema
 * via the `definition` "PolicySeverity".
 */
export type PolicySeverity = ("info" | "low" | "medium" | "high" | "critical")
/**
 * This interface was referenced by `Policy`'s JSON-Schema
 * via the `definition` "PolicyRootRef".
 */
export type PolicyRootRef = (string | {
signed: {

}
signatures: unknown[]
})

/**
 * mcpvet.policy.json: what `mcpvet verify` checks against and what fails the run. Every field is optional; without a policy file the defaults are strict (fail on medium and above, pinning required).
 */
export interface Policy {
$schema?: string
/**
 * Base URLs of the mcpvet registries to verify against, asked in order.
 */
registries?: string[]
/**
 * Severities that fail the run (exit 1). Default: medium, high, critical.
 */
failOn?: PolicySeverity[]
/**
 * An entry that does not pin an exact version (or an image digest) is a high finding; when false it is low. Default true.
 */
requirePinning?: boolean
/**
 * Only look at these clients' configs (default: all).
 */
clients?: ("claude-desktop" | "claude-code" | "vscode" | "cursor" | "windsurf" | "gemini" | "cline" | "codex" | "zed")[]
/**
 * When a registry is unreachable, verify against its cached records if they are at most this old (default 24; 0 never uses the cache). With --offline and a lock, a signed snapshot past its expiry is still accepted while it is at most this many hours old.
 */
offlineMaxAgeHours?: number
/**
 * Verify the registry's signatures (release attestations under the pinned root, the signed snapshot, the transparency log, npm provenance the release records). When true (default) a registry whose trust cannot be established (no pinned root, no signatures served) fails the run with exit 3; when false that is a low finding and the records are used unverified. Signatures that are present and wrong always fail.
 */
requireSignatures?: boolean
trust?: PolicyTrust
/**
 * @maxItems 1000
 */
exceptions?: PolicyException[]
}
/**
 * Where the registries' trust roots are pinned. Without it, the root pinned with `mcpvet trust init` (~/.mcpvet/trust/<host>/root.json) is used.
 * 
 * This interface was referenced by `Policy`'s JSON-Schema
 * via the `definition` "PolicyTrust".
 */
export interface PolicyTrust {
/**
 * A signed root.json (path relative to the policy file, or the document inline), or a list of them: one per registry, each names its registry. A policy root is the anchor: newer roots are accepted only through signed rotations from it.
 */
root?: (PolicyRootRef | [PolicyRootRef, ...(PolicyRootRef)[]])
}
/**
 * Accept findings for one server until a date. An expired exception no longer applies.
 * 
 * This interface was referenced by `Policy`'s JSON-Schema
 * via the `definition` "PolicyException".
 */
export interface PolicyException {
/**
 * The config entry name, the registry server name, the package (identifier or registryType:identifier), a remote URL, or a config file path for file-level findings.
 */
server: string
/**
 * Only these finding codes (default: every finding for the server).
 */
codes?: string[]
reason: string
/**
 * YYYY-MM-DD (the exception holds through that day, UTC) or an RFC 3339 date-time.
 */
expires: string
}

// --- lock.schema.json ---
/**
 * This interface was referenced by `Lock`'s JSON-Schema
 * via the `definition` "LockDigest".
 */
export type LockDigest = string
/**
 * What the config entry runs: a package (registry type, identifier, exact version) or a remote URL.
 * 
 * This interface was referenced by `Lock`'s JSON-Schema
 * via the `definition` "LockedIdentity".
 */
export type LockedIdentity = {
kind: ("package" | "remote")
registryType?: ("npm" | "pypi" | "oci" | "mcpb" | "nuget")
identifier?: string
version?: string
url?: string
}

/**
 * mcpvet.lock: the exact releases a project's MCP servers were verified against, with the registry's signed evidence, so `mcpvet verify --offline` can re-check them without the registry: per server its identity, version, artifact digest, release attestation bundle, capability fingerprint and release document (whose digest the attestation signs, so the gate can filter per tool), its transparency-log entry with an inclusion proof, and the npm attestations when the release records provenance; plus the trust roots, the signed snapshot (saved beside the lock) and the log checkpoint they were checked under. Every field is either signed or compared with something signed; a hand-edited lock fails `verify --offline` with lock_mismatch.
 */
export interface Lock {
$schema?: string
lockfileVersion: 1
generatedAt?: string
registry: LockedRegistry
/**
 * @maxItems 1000
 */
servers: LockedServer[]
}
/**
 * The registry whose signed root and snapshot vouched for every server below.
 * 
 * This interface was referenced by `Lock`'s JSON-Schema
 * via the `definition` "LockedRegistry".
 */
export interface LockedRegistry {
url: string
/**
 * Version of the trust root (root.json) the attestations were verified under.
 */
rootVersion: number
/**
 * Version of the signed snapshot the attestations were matched against; a later check must not accept a lower one.
 */
snapshotVersion: number
/**
 * sha256 of the canonical JSON of that signed snapshot.
 */
snapshotDigest?: string
snapshotExpires?: string
/**
 * Where the signed snapshot is saved, relative to the lock (default mcpvet.snapshot.json); its sha256 must be snapshotDigest.
 */
snapshotFile?: string
/**
 * Signed roots, oldest first, from the root the lock was made from through every rotation up to rootVersion: an offline verifier follows them from its own pinned root.
 * 
 * @maxItems 1024
 */
roots?: {
signed: {

}
signatures: unknown[]
}[]
/**
 * The transparency-log checkpoint (signed note) the servers' log entries were proven against.
 */
checkpoint?: string
}
/**
 * This interface was referenced by `Lock`'s JSON-Schema
 * via the `definition` "LockedServer".
 */
export interface LockedServer {
/**
 * The config entry this lock line is for: client, scope, config file (relative to the project, or ~/… under the home folder) and entry name, as client:scope:file#name.
 */
id: string
/**
 * The release's server name (reverse-DNS namespace / name).
 */
name: string
version: string
status: ("submitted" | "approved" | "rejected" | "deprecated" | "revoked")
identity: LockedIdentity
/**
 * The artifact digest that ran: npm SRI sha512 integrity, OCI manifest digest, or sha256 of the file.
 */
digest?: string
releaseDigest: LockDigest
capabilityFingerprint?: LockDigest
attestation: LockedAttestation
lockedAt?: string
release?: Release
log?: LockedLogProof
/**
 * npm's attestations for the package version (the body of /-/npm/v1/attestations/NAME@VERSION), kept when the release records provenance so it can be verified offline.
 */
provenance?: {
attestations: unknown
}
}
/**
 * The registry's release attestation: a Sigstore bundle (v0.3, DSSE, public-key hint) and the sha256 of its in-toto statement, as the snapshot lists it.
 * 
 * This interface was referenced by `Lock`'s JSON-Schema
 * via the `definition` "LockedAttestation".
 */
export interface LockedAttestation {
bundle: {
mediaType: string
verificationMaterial: {
[k: string]: unknown | undefined
}
dsseEnvelope: {
[k: string]: unknown | undefined
}
[k: string]: unknown | undefined
}
digest: LockDigest
keyId?: string
}
/**
 * The attestation's transparency-log entry and its inclusion proof under registry.checkpoint.
 * 
 * This interface was referenced by `Lock`'s JSON-Schema
 * via the `definition` "LockedLogProof".
 */
export interface LockedLogProof {
index: number
/**
 * The entry's canonical JSON (the leaf bytes).
 */
entry: string
/**
 * @maxItems 64
 */
inclusionProof: string[]
}

// --- report.schema.json ---
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportSeverity".
 */
export type ReportSeverity = ("info" | "low" | "medium" | "high" | "critical")

/**
 * The result of `mcpvet scan` or `mcpvet verify --format json`: what was found, how each server was identified and matched, every finding with its location, and the outcome.
 */
export interface Report {
$schema?: string
reportVersion: 1
tool: {
name: "mcpvet"
version: string
}
command: ("scan" | "verify")
generatedAt: string
cwd: string
/**
 * fail when at least one finding fails under the policy.
 */
outcome: ("pass" | "fail")
/**
 * 0 pass, 1 policy violations, 3 trust could not be established (a signature, snapshot, log or lock check failed, or no root is pinned while signatures are required; those findings are in the report). Usage errors (2) produce no report.
 */
exitCode: (0 | 1 | 3)
registries: ReportRegistry[]
policy: ReportPolicy
files: ReportConfigFile[]
servers: ReportServer[]
findings: ReportFinding[]
summary: ReportSummary
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportRegistry".
 */
export interface ReportRegistry {
url: string
/**
 * cached: unreachable, and its cached records were used.
 */
state: ("online" | "cached" | "unreachable")
cachedAt?: string
error?: string
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportPolicy".
 */
export interface ReportPolicy {
/**
 * The policy file used, or null for the built-in defaults.
 */
source: (string | null)
failOn: ReportSeverity[]
requirePinning: boolean
exceptions: number
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportConfigFile".
 */
export interface ReportConfigFile {
path: string
client: string
scope: ("user" | "project" | "managed" | "explicit")
status: ("read" | "malformed" | "unreadable")
servers: number
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportServer".
 */
export interface ReportServer {
id: string
name: string
client: string
scope: ("user" | "project" | "managed" | "explicit")
location: ReportLocation
disabled: boolean
transport: ("stdio" | "http" | "sse" | "extension")
/**
 * Credentials in arguments and URLs are redacted.
 */
command?: string
args?: string[]
url?: string
/**
 * Names only: values are never reported.
 */
envKeys?: string[]
identity: ReportIdentity
resolution?: ReportResolution
match?: ReportMatch
/**
 * fail: a finding fails the run; warn: findings that do not; pass: verified with no findings; info: scan only.
 */
verdict: ("pass" | "fail" | "warn" | "info")
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportLocation".
 */
export interface ReportLocation {
file: string
line: number
column: number
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportIdentity".
 */
export interface ReportIdentity {
kind: ("package" | "remote" | "local" | "unknown")
/**
 * One line: npm:@scope/pkg@1.2.3, remote https://…
 */
summary: string
registryType?: ("npm" | "pypi" | "oci")
identifier?: string
requested?: (string | null)
version?: (string | null)
digest?: string
pinned?: boolean
launcher?: (string | null)
url?: string
path?: string
reason?: string
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportResolution".
 */
export interface ReportResolution {
status: ("resolved" | "unresolved" | "not_applicable")
version?: (string | null)
integrity?: (string | null)
tarballIntegrity?: string
source?: ("node_modules" | "npm-cache" | "npm-registry" | "config")
reason?: string
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportMatch".
 */
export interface ReportMatch {
registry: string
server: string
version: string
status: ("submitted" | "approved" | "rejected" | "deprecated" | "revoked")
releaseDigest?: string
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportFinding".
 */
export interface ReportFinding {
code: string
severity: ReportSeverity
message: string
evidence: {
[k: string]: unknown | undefined
}
/**
 * The config entry (or file) the finding is about; null for run-level findings.
 */
location: (ReportLocation | null)
serverId: (string | null)
/**
 * The config entry name.
 */
server?: string
/**
 * Whether this finding fails the run under the policy.
 */
fails: boolean
/**
 * The policy exception that accepted this finding.
 */
exception?: {
reason: string
expires: string
}
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "ReportSummary".
 */
export interface ReportSummary {
servers: number
findings: number
failing: number
excepted: number
bySeverity: {
info: number
low: number
medium: number
high: number
critical: number
}
}

// --- log-entry.schema.json ---
/**
 * One event of the registry's transparency log. The log leaf is the RFC 8785 canonical JSON of this object; its leaf hash is SHA-256(0x00 || those bytes). Which fields beyond the common ones are required depends on `type`.
 */
export type LogEntry = {
/**
 * Entry format version.
 */
v: 1
type: LogEventType
/**
 * When the registry recorded the event: RFC 3339 UTC with a Z suffix.
 */
time: string
/**
 * Who caused the event (the token subject).
 */
actor: string
/**
 * sha256 of the attestation (signed statement) the registry issued for this event.
 */
attestationDigest: string
/**
 * Server name (release events).
 */
name?: string
/**
 * Release version (release events).
 */
version?: string
releaseDigest?: string
assessmentDigest?: string
from?: LogReleaseStatus
to?: LogReleaseStatus
reason?: string
/**
 * signing: the key that signs attestations; root: the trust root; log: the checkpoint key.
 */
keyRole?: ("signing" | "root" | "log")
keyId?: string
previousKeyId?: string
}
/**
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "LogEventType".
 */
export type LogEventType = ("release_submitted" | "assessment_added" | "status_changed" | "key_rotated")
/**
 * This interface was referenced by `undefined`'s JSON-Schema
 * via the `definition` "LogReleaseStatus".
 */
export type LogReleaseStatus = ("submitted" | "approved" | "rejected" | "deprecated" | "revoked")

