import type { Release } from '../../registry/records/index.js';
import type { FakePackageVersion } from './fake-npm.js';

/** A real-shaped npm MCP server: ESM, a bin, the SDK as a dependency, mcpName tying it to the registry name. */
export function serverPackage(
  name: string,
  version: string,
  mcpName: string,
  extra = '',
): FakePackageVersion {
  return {
    name,
    version,
    packageJson: {
      description: `${mcpName} MCP server`,
      type: 'module',
      bin: { [name.split('/').pop() as string]: 'dist/index.js' },
      main: 'dist/index.js',
      files: ['dist'],
      mcpName,
      dependencies: { '@modelcontextprotocol/sdk': '^1.32.2', zod: '^3.25.0' },
      engines: { node: '>=20' },
      license: 'MIT',
    },
    files: {
      'dist/index.js': [
        '#!/usr/bin/env node',
        "import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';",
        "import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';",
        "import { z } from 'zod';",
        `const server = new McpServer({ name: '${mcpName}', version: '${version}' });`,
        "server.tool('forecast', { city: z.string() }, async ({ city }) => ({ content: [{ type: 'text', text: city }] }));",
        extra,
        'await server.connect(new StdioServerTransport());',
        '',
      ].join('\n'),
      'README.md': `# ${name}\n`,
    },
  };
}

/** The release record publishing `pkg` (one npm package, stdio) under a registry name, with its digest. */
export function serverRelease(
  name: string,
  version: string,
  pkg: FakePackageVersion,
  digest: string,
): Release {
  return {
    name,
    version,
    description: `${name} test server`,
    repository: {
      url: `https://github.com/${name.split('/')[0]?.replace('io.github.', '')}/x`,
      source: 'github',
    },
    packages: [
      {
        registryType: 'npm',
        identifier: pkg.name,
        version: pkg.version,
        transport: { type: 'stdio' },
        digest,
      },
    ],
  };
}
