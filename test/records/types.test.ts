import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Release,
  toCanonicalJson,
  toDigest,
  validateAssessment,
  validateCapabilities,
  validateRelease,
} from '../../registry/records/index.js';
import { renderTypes, TYPES_FILE } from '../../scripts/gen-types.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('schemas and types have one source of truth', () => {
  it('the committed TypeScript types are exactly what the schemas generate', async () => {
    expect(readFileSync(TYPES_FILE, 'utf8')).toBe(await renderTypes());
  }, 60_000);

  it('a value typed as Release validates against release.schema.json, field for field', () => {
    // Every optional field of the generated type is set here; a schema/type mismatch fails one side.
    const release: Release = {
      $schema: 'https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json',
      name: 'io.github.acme/everything',
      version: '1.0.0-beta.1+build.5',
      title: 'Everything',
      description: 'Uses every field',
      repository: { url: 'https://github.com/acme/x', source: 'github', id: '123', subfolder: 'servers/x' },
      websiteUrl: 'https://acme.example/x',
      icons: [{ src: 'https://acme.example/x.png', mimeType: 'image/png', sizes: ['48x48'], theme: 'dark' }],
      packages: [
        {
          registryType: 'oci',
          registryBaseUrl: 'https://docker.io',
          identifier: 'acme/x',
          version: '1.0.0',
          fileSha256: 'a'.repeat(64),
          runtimeHint: 'docker',
          transport: {
            type: 'streamable-http',
            url: 'http://localhost:{port}/mcp',
            headers: [{ name: 'X-Key' }],
          },
          runtimeArguments: [{ type: 'named', name: '-p', value: '8080:8080' }],
          packageArguments: [{ type: 'positional', valueHint: 'path', isRepeated: true }],
          environmentVariables: [{ name: 'TOKEN', isSecret: true, isRequired: true, format: 'string' }],
          digest: `sha256:${'b'.repeat(64)}`,
          provenance: {
            sourceRepository: 'https://github.com/acme/x',
            workflow: '.github/workflows/release.yml',
            issuer: 'https://token.actions.githubusercontent.com',
          },
        },
      ],
      remotes: [
        {
          type: 'sse',
          url: 'https://acme.example/sse',
          headers: [{ name: 'Authorization', isSecret: true }],
        },
      ],
      capabilities: {
        protocolVersion: '2025-06-18',
        serverInfo: { name: 'x', version: '1.0.0' },
        serverCapabilities: { tools: { listChanged: true } },
        instructions: 'Use carefully',
        tools: [
          {
            name: 't',
            title: 'T',
            description: 'd',
            inputSchema: { type: 'object' },
            outputSchema: { type: 'object' },
            annotations: {
              readOnlyHint: true,
              destructiveHint: false,
              idempotentHint: true,
              openWorldHint: false,
            },
          },
        ],
        prompts: [{ name: 'p', arguments: [{ name: 'a', required: true }] }],
        resources: [{ uri: 'file:///x', name: 'x', mimeType: 'text/plain', size: 3 }],
        resourceTemplates: [{ uriTemplate: 'file:///{path}', name: 'files' }],
        permissions: {
          network: { egress: 'allowlist', hosts: [{ host: 'api.acme.example', ports: [443] }] },
          filesystem: { read: ['~/docs'], write: [] },
          env: [{ name: 'TOKEN', secret: true, required: true }],
          exec: false,
          nativeCode: false,
        },
      },
      _meta: { 'io.modelcontextprotocol.registry/publisher-provided': { tool: 'x' } },
    };
    const result = validateRelease(release);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it('validates assessments and capabilities with every issue reported', () => {
    const a = validateAssessment({ method: 'guess', findings: [{ severity: 'extreme' }] });
    expect(a.ok).toBe(false);
    if (!a.ok) {
      const paths = a.issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['/', '/method', '/findings/0', '/findings/0/severity']));
      expect(a.issues.length).toBeGreaterThanOrEqual(5);
    }
    const c = validateCapabilities({ tools: [{ name: '' }], permissions: { network: { egress: 'some' } } });
    expect(c.ok).toBe(false);
  });

  it('checks the official registry records the schema is based on (optional: ../shared)', () => {
    const file = join(ROOT, '..', 'shared', 'data', 'official-registry', 'servers-2025-12-18.json');
    let records: { server: Record<string, unknown> }[];
    try {
      records = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      console.log('skipped: ../shared/data/official-registry is not present');
      return;
    }
    let valid = 0;
    for (const r of records) {
      const server = { ...r.server };
      if (server.repository && Object.keys(server.repository as object).length === 0)
        delete server.repository;
      if (validateRelease(server).ok) valid++;
    }
    console.log(`official records valid as mcpvet releases: ${valid}/${records.length}`);
    // Most real records are valid as published; the rest use "latest", ranges or non-semver versions.
    expect(valid / records.length).toBeGreaterThan(0.9);
  });
});

describe('canonical digests', () => {
  it('are stable under key order and whitespace (RFC 8785)', async () => {
    const a = JSON.parse('{"b": 1, "a": [1, 2, {"y": "é", "x": 1e2}]}');
    const b = JSON.parse('{"a":[1,2,{"x":100,"y":"\\u00e9"}],"b":1}');
    expect(toCanonicalJson(a)).toBe('{"a":[1,2,{"x":100,"y":"é"}],"b":1}');
    expect(await toDigest(a)).toBe(await toDigest(b));
    expect(await toDigest({ ...a, b: 2 })).not.toBe(await toDigest(a));
  });
});

describe('exact versions', () => {
  it('keep build metadata as part of the key and order builds of one version', async () => {
    const { assertExactVersion, compareVersions } = await import('../../registry/records/index.js');
    expect(assertExactVersion('1.2.3+build.7')).toBe('1.2.3+build.7');
    expect(() => assertExactVersion('v1.2.3')).toThrow();
    expect(() => assertExactVersion('^1.2.3')).toThrow();
    expect(compareVersions('1.0.0+b2', '1.0.0+b1')).toBeGreaterThan(0);
    expect(compareVersions('1.0.1', '1.0.0+zzz')).toBeGreaterThan(0);
  });
});
