export {
  type Allowlist,
  type AllowlistEntry,
  CLIENTS,
  type ClaudeManagedSettings,
  type ClientId,
  type McpJsonServer,
  toClaudeCodeManagedMcp,
  toClaudeCodeSettings,
  toCopilotSettings,
  toCursorConfig,
  toVsCodeSettings,
  toWindsurfWhitelist,
  type VsCodeSettings,
  type WindsurfEntry,
} from './clients.js';
export {
  type Launch,
  type LaunchNote,
  type LaunchOptions,
  type RemoteLaunch,
  type StdioLaunch,
  toLaunches,
  toServerKey,
} from './launch.js';
export { escapeRegExp, toExactPattern, toTemplatePattern } from './regex.js';
