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

