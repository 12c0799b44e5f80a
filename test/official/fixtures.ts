// Hand-written records in the shape of the official registry's server.json (the real ones are in
// ../shared/data/official-registry), each with mcpvet's additions where a release would carry them.

export const OFFICIAL_SCHEMA = 'https://static.modelcontextprotocol.io/schemas/2025-09-29/server.schema.json';
const SHA512 = `sha512-${'B'.repeat(86)}==`;

/** An npm server as published officially (what a client of the official API expects to read back). */
export function officialNpm(version: string) {
  return {
    $schema: OFFICIAL_SCHEMA,
    name: 'com.example.tools/web-fetch',
    description: 'Extracts clean, structured content from web pages.',
    repository: {
      url: 'https://github.com/example/mcp-servers',
      source: 'github',
      subfolder: 'servers/web-fetch',
    },
    version,
    packages: [
      {
        registryType: 'npm',
        registryBaseUrl: 'https://registry.npmjs.org',
        identifier: '@example/web-fetch',
        version,
        runtimeHint: 'npx',
        transport: { type: 'stdio' },
        environmentVariables: [
          { description: 'API key for the fetch service', isSecret: true, name: 'FETCH_API_KEY' },
          { description: 'Cost or speed', default: 'cost', choices: ['cost', 'speed'], name: 'OPTIMIZE_FOR' },
        ],
      },
    ],
  };
}

export const CAPABILITIES = {
  tools: [
    {
      name: 'fetch',
      description: 'Fetch a URL and return its main content',
      inputSchema: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
  ],
  permissions: { network: { egress: 'any' as const } },
};

/** The same release as mcpvet stores it: digest and provenance per package, declared capabilities. */
export function mcpvetNpm(version: string) {
  const official = officialNpm(version);
  return {
    ...official,
    packages: official.packages.map((p) => ({
      ...p,
      digest: SHA512,
      provenance: {
        sourceRepository: 'https://github.com/example/mcp-servers',
        workflow: '.github/workflows/release.yml',
      },
    })),
    capabilities: CAPABILITIES,
  };
}

/** A remote-only server with a title, icons, website and publisher-provided _meta (kept as published). */
export function officialRemote(version: string) {
  return {
    $schema: 'https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json',
    name: 'io.testing/remote-notes',
    description: 'Notes over streamable HTTP',
    title: 'Remote Notes',
    repository: { url: 'https://github.com/testing/notes', source: 'github' },
    version,
    websiteUrl: 'https://notes.testing.example/docs',
    icons: [{ src: 'https://notes.testing.example/logo.png', mimeType: 'image/png', sizes: ['128x128'] }],
    remotes: [
      {
        type: 'streamable-http',
        url: 'https://notes.testing.example/mcp',
        headers: [{ description: 'An optional API key', isSecret: true, name: 'X-Token' }],
      },
    ],
    _meta: {
      'io.modelcontextprotocol.registry/publisher-provided': { tool: 'cloud-deployer', version: '2.4.0' },
    },
  };
}

/** A pypi server (published, never approved here). */
export function officialPypi(version: string) {
  return {
    $schema: OFFICIAL_SCHEMA,
    name: 'io.github.someone/reddit-research',
    description: 'Structured insights from Reddit',
    repository: { url: 'https://github.com/someone/reddit-research', source: 'github' },
    version,
    packages: [
      { registryType: 'pypi', identifier: 'reddit-research-mcp', version, transport: { type: 'stdio' } },
    ],
  };
}

// The official OpenAPI's ServerDetail and Package properties: a strict client accepts nothing else.
export const SERVER_DETAIL_KEYS = [
  '$schema',
  'name',
  'description',
  'title',
  'repository',
  'version',
  'websiteUrl',
  'icons',
  'packages',
  'remotes',
  '_meta',
];
export const PACKAGE_KEYS = [
  'registryType',
  'registryBaseUrl',
  'identifier',
  'version',
  'fileSha256',
  'runtimeHint',
  'transport',
  'runtimeArguments',
  'packageArguments',
  'environmentVariables',
];
