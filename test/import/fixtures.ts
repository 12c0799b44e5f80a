// Small hand-written records shaped like the official registry's list items ({server, _meta}), including
// the ways real records fail mcpvet's release schema (see the optional suite for the real 2,794).

const SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json';

function meta(updatedAt: string, isLatest = true) {
  return {
    'io.modelcontextprotocol.registry/official': {
      status: 'active',
      publishedAt: updatedAt,
      updatedAt,
      isLatest,
    },
  };
}

export const VALID_NPM = {
  server: {
    $schema: SCHEMA,
    name: 'io.github.acme/airtable',
    description: 'Read and write access to Airtable bases.',
    repository: { url: 'https://github.com/acme/airtable-mcp.git', source: 'github' },
    version: '1.7.2',
    packages: [
      {
        registryType: 'npm',
        identifier: 'airtable-mcp-server',
        version: '1.7.2',
        runtimeHint: 'npx',
        transport: { type: 'stdio' },
        environmentVariables: [
          { description: 'Token', isRequired: true, isSecret: true, name: 'AIRTABLE_API_KEY' },
        ],
      },
      {
        registryType: 'oci',
        identifier: 'docker.io/acme/airtable-mcp-server:1.7.2',
        runtimeHint: 'docker',
        transport: { type: 'stdio' },
      },
    ],
  },
  _meta: meta('2025-09-10T10:00:00.000000Z'),
};

/** Published without a repository: the official registry stores `repository: {}`. */
export const EMPTY_REPOSITORY = {
  server: {
    $schema: SCHEMA,
    name: 'app.getdialer/dialer',
    description: 'Outbound phone calls from your own number',
    repository: {},
    version: '1.0.0',
    remotes: [
      { type: 'streamable-http', url: 'https://getdialer.app/mcp' },
      { type: 'sse', url: 'https://getdialer.app/sse' },
    ],
  },
  _meta: meta('2025-09-09T00:16:49.16262Z', false),
};

export const VALID_PYPI = {
  server: {
    $schema: SCHEMA,
    name: 'io.github.someone/reddit-research',
    description: 'Structured insights from Reddit',
    repository: { url: 'https://github.com/someone/reddit-research', source: 'github' },
    version: '0.1.1',
    packages: [
      {
        registryType: 'pypi',
        identifier: 'reddit-research-mcp',
        version: '0.1.1',
        transport: { type: 'stdio' },
      },
    ],
  },
  _meta: meta('2025-11-01T03:30:11.72135Z'),
};

/** Not semver: the official registry allows it ("SHOULD follow semantic versioning"), mcpvet does not. */
export const VERSION_AUTO = {
  server: {
    $schema: SCHEMA,
    name: 'io.github.sandbox/ipybox',
    description: 'Sandboxed Python code execution',
    repository: { url: 'https://github.com/sandbox/ipybox', source: 'github' },
    version: 'auto',
    packages: [{ registryType: 'pypi', identifier: 'ipybox', version: 'auto', transport: { type: 'stdio' } }],
  },
  _meta: meta('2025-12-01T00:00:00Z'),
};

/** An environment variable with an empty name and a package pinned to "latest". */
export const EMPTY_ENV_NAME = {
  server: {
    $schema: SCHEMA,
    name: 'io.github.mobile/mobile-mcp',
    description: 'Mobile automation',
    repository: { url: 'https://github.com/mobile/mobile-mcp', source: 'github' },
    version: '0.0.26',
    packages: [
      {
        registryType: 'npm',
        identifier: '@mobile/mobile-mcp',
        version: 'latest',
        transport: { type: 'stdio' },
        environmentVariables: [{ name: '', description: 'unnamed' }],
      },
    ],
  },
  _meta: meta('2025-12-02T00:00:00Z'),
};

export const ALL = [VALID_NPM, EMPTY_REPOSITORY, VALID_PYPI, VERSION_AUTO, EMPTY_ENV_NAME];
