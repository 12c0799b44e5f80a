import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateNoteKeys,
  MemoryLog,
  parseSignerKey,
  parseVerifierKey,
  verifyCheckpoint,
} from '../../registry/log/index.js';
import { startRegistry } from '../../registry/node/index.js';
import { ADMIN, EVIL, NOTES, type Seeded, seedRegistry, WEATHER } from './seed.js';

let seeded: Seeded;
beforeAll(async () => {
  seeded = await seedRegistry();
});
afterAll(async () => {
  await seeded.close();
});

const page = (name: string, rest = '') => `/catalog/servers/${encodeURIComponent(name)}${rest}`;

async function get(path: string, init?: RequestInit) {
  const res = await seeded.app.request(path, init);
  return { status: res.status, headers: res.headers, html: await res.text() };
}

describe('catalog pages (server-rendered HTML)', () => {
  it('lists servers with their approved version and risk, and redirects / to it', async () => {
    const root = await seeded.app.request('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/catalog');
    const r = await get('/catalog');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    expect(r.html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
    expect(r.html).toContain('<html lang="en">');
    expect(r.html).toContain(`href="${page(WEATHER)}"`);
    expect(r.html).toContain('approved 1.1.0');
    expect(r.html).toContain('risk: high');
    expect(r.html).toContain('4 releases: 1 revoked, 2 approved, 1 submitted');
  });

  it('searches with a plain GET form', async () => {
    const r = await get('/catalog?q=notes');
    expect(r.html).toContain(`href="${page(NOTES)}"`);
    expect(r.html).not.toContain(`href="${page(WEATHER)}"`);
    expect(r.html).toContain('value="notes"');
    expect(r.html).toContain('1 server on this page matching “notes”');
    expect((await get('/catalog?q=nothing-like-this')).html).toContain(
      'No server matches “nothing-like-this”.',
    );
  });

  it('shows a server: releases with status and reasons, findings, tools with badges, permissions, artifacts', async () => {
    const r = await get(page(WEATHER));
    expect(r.status).toBe(200);
    // the newest approved release is shown by default
    expect(r.html).toContain('<code>1.1.0</code> (shown)');
    expect(r.html).toContain('leaked a token in its logs');
    expect(r.html).toContain('Tool description asks for a private key file');
    expect(r.html).toContain('<code>poisoning.sensitive-file</code>');
    expect(r.html).toContain('<code>/tools/0/description</code>');
    expect(r.html).toContain('<code>delete_everything</code>');
    expect(r.html).toContain('>destructive<');
    expect(r.html).toContain('>read-only<');
    expect(r.html).toContain('open-world');
    expect(r.html).toContain('allowlisted hosts');
    expect(r.html).toContain('api.weather.example:443');
    expect(r.html).toContain('<code>@acme/weather-mcp</code>');
    expect(r.html).toContain('The transparency log is not enabled on this registry');
    expect(r.html).toContain('not signed by this registry');
    // accessibility scaffolding
    expect(r.html).toContain('<a class="skip" href="#main">Skip to main content</a>');
    expect(r.html).toMatch(/<header class="site">[\s\S]*<nav aria-label="Main">[\s\S]*<main id="main"/);
    expect(r.html).toContain('<th scope="col">Version</th>');
    expect(r.html).toContain('<label for="diff-from">From release</label>');
  });

  it('selects another release by version and refuses unknown ones with an HTML 404', async () => {
    const r = await get(page(WEATHER, '?version=1.0.0'));
    expect(r.html).toContain('<code>1.0.0</code> (shown)');
    expect(r.html).toContain('<code>set_alert</code>');
    expect(r.html).toContain('No assessment has been recorded for this release.');
    const missing = await get(page(WEATHER, '?version=7.0.0'));
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('there is no release 7.0.0');
    expect((await get(page('io.nowhere/none'))).status).toBe(404);
    expect((await get(page(WEATHER, '?version=latest'))).status).toBe(400);
  });

  it('diffs the capabilities of two releases', async () => {
    const r = await get(page(WEATHER, '/diff?from=1.0.0&to=1.1.0'));
    expect(r.status).toBe(200);
    expect(r.html).toContain('tool_added');
    expect(r.html).toContain('tool_removed');
    expect(r.html).toContain('tool_description_changed');
    expect(r.html).toContain('read ~/.ssh/id_rsa');
    expect(r.html).toMatch(/<ins><span class="sr-only">added: <\/span>\. Before answering/);
    const same = await get(page(WEATHER, '/diff?from=1.0.0&to=1.0.0'));
    expect(same.html).toContain('No difference');
    expect((await get(page(WEATHER, '/diff?from=1.0.0'))).status).toBe(400);
  });

  it('escapes everything a publisher wrote: no markup, no script, no javascript: link', async () => {
    for (const path of ['/catalog', page(EVIL)]) {
      const r = await get(path);
      expect(r.html).not.toContain('<script>');
      expect(r.html).not.toContain('<img');
      expect(r.html).not.toMatch(/href="javascript:/i);
      expect(r.html).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;');
    }
    const evil = await get(page(EVIL));
    expect(evil.html).toContain('<code>javascript:window.__pwned=3</code>');
    expect(evil.html).toContain('&lt;/pre&gt;&lt;/article&gt;');
  });

  it('sends a strict Content-Security-Policy and no-sniff on every page, errors included', async () => {
    for (const path of ['/catalog', page(WEATHER), page('io.nowhere/none')]) {
      const r = await get(path);
      expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(r.headers.get('content-security-policy')).not.toContain('script-src');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('pages through many servers', async () => {
    for (let i = 0; i < 30; i++) {
      const name = `io.github.bulk/server-${String(i).padStart(2, '0')}`;
      const res = await seeded.app.request('/v1/releases', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, version: '1.0.0', description: `bulk ${i}` }),
      });
      expect(res.status).toBe(201);
    }
    const first = await get('/catalog');
    const next = /<a href="(\/catalog\?cursor=[^"]+)">Next page<\/a>/.exec(first.html)?.[1];
    expect(next).toBeDefined();
    const second = await get(next!.replace(/&amp;/g, '&'));
    expect(second.html).toContain('First page');
    expect(second.html).toContain('io.github.evil/xss');
  });
});

describe('catalog with a transparency log and with private reads', () => {
  it('links the release attestation and shows the checkpoint on a signing Node registry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpvet-catalog-signed-'));
    const registry = await startRegistry({ host: '127.0.0.1', port: 0, dataDir: dir, adminToken: ADMIN });
    try {
      const name = 'io.github.signed/server';
      const res = await fetch(`${registry.url}/v1/releases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, version: '1.0.0', description: 'signed' }),
      });
      expect(res.status).toBe(201);
      const html = await (await fetch(`${registry.url}${page(name)}`)).text();
      expect(html).toMatch(
        new RegExp(
          `<a href="/v1/servers/${encodeURIComponent(name)}/releases/1\\.0\\.0/attestation"><code>sha256:[a-f0-9]{64}</code></a>`,
        ),
      );
      expect(html).toContain('log entry 0');
      expect(html).not.toContain('The transparency log is not enabled');
    } finally {
      await registry.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows the signed checkpoint the log endpoint would serve', async () => {
    const keys = await generateNoteKeys('registry.test/log');
    const log = Object.assign(new MemoryLog(), { getEntries: async () => [] });
    const withLog = await seedRegistry({
      log: { log, origin: 'registry.test/log', signers: [await parseSignerKey(keys.signerKey)] },
    });
    try {
      const html = await (await withLog.app.request(page(WEATHER))).text();
      const note = /<pre>(registry\.test\/log\n[\s\S]*?)<\/pre>/.exec(html)?.[1];
      expect(note, html.slice(html.indexOf('Transparency log'))).toBeDefined();
      const decoded = note!
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>');
      const verified = await verifyCheckpoint(decoded, [await parseVerifierKey(keys.verifierKey)], {
        origin: 'registry.test/log',
      });
      expect(verified).toMatchObject({ ok: true, checkpoint: { size: 0 } });
    } finally {
      await withLog.close();
    }
  });

  it('answers 401 as an HTML page when reads need a token', async () => {
    const priv = await seedRegistry({ publicReads: false });
    try {
      const res = await priv.app.request('/catalog');
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await res.text()).toContain('Not allowed');
      const ok = await priv.app.request('/catalog', { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(ok.status).toBe(200);
    } finally {
      await priv.close();
    }
  });
});
