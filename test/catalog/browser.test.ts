import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIL, NOTES, type Seeded, seedRegistry, WEATHER } from './seed.js';

// The catalog in a real browser: Debian's chromium (scripts/install-chromium.sh), driven by
// playwright-core. Without chromium the suite is skipped on a developer machine, but never in CI.
const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const inCI = Boolean(process.env.CI) && process.env.CI !== 'false';
if (!present && !inCI) {
  console.log(
    `[catalog] skipping the browser tests: ${CHROMIUM} is missing (run scripts/install-chromium.sh)`,
  );
}

const ARTIFACTS = resolve(import.meta.dirname, '../../test-results/catalog');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.runIf(present || inCI)('catalog in headless Chromium', () => {
  let seeded: Seeded;
  let server: ServerType;
  let base: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    seeded = await seedRegistry();
    server = await new Promise<ServerType>((done) => {
      const s = serve({ fetch: seeded.app.fetch, hostname: '127.0.0.1', port: 0 }, () => done(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'mcpvet-chromium-'));
    mkdirSync(ARTIFACTS, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1200, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    // a CSP violation or script error would show up here: the pages need neither scripts nor remote assets
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) problems.push(`request outside the registry: ${r.url()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await seeded?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('renders the server list with its inline styles applied', async () => {
    const res = await page.goto(`${base}/catalog`);
    expect(res?.status()).toBe(200);
    await expect(page.title()).resolves.toBe('Servers · mcpvet registry');
    expect(await page.locator('ul.servers > li').count()).toBe(3);
    const header = await page.locator('header.site').evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(header).toBe('rgb(36, 41, 47)');
    await shot('list');
  });

  it('reaches the search box by keyboard (skip link first) and searches without JavaScript', async () => {
    await page.goto(`${base}/catalog`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    const visited: string[] = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      const id = await page.evaluate(() => document.activeElement?.id ?? '');
      visited.push(id || (await page.evaluate(() => document.activeElement?.tagName ?? '')));
      if (id === 'q') break;
    }
    expect(visited.at(-1), visited.join(' → ')).toBe('q');
    // the focused element shows a visible focus ring
    const outline = await page.locator('#q').evaluate((e) => getComputedStyle(e).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.type('notes');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/catalog\?q=notes$/);
    const names = await page.locator('ul.servers h2').allTextContents();
    expect(names).toEqual(['Notes']);
    await shot('search');
    expect(await page.getByRole('link', { name: 'Notes' }).getAttribute('href')).toBe(
      `/catalog/servers/${encodeURIComponent(NOTES)}`,
    );
  });

  it('shows a server with releases, findings and tool badges', async () => {
    await page.goto(`${base}/catalog`);
    await page.getByRole('link', { name: 'Acme Weather' }).click();
    await page.waitForURL(`${base}/catalog/servers/${encodeURIComponent(WEATHER)}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Acme Weather');
    const rows = await page.locator('section[aria-labelledby=releases] tbody tr').count();
    expect(rows).toBe(4);
    await expect(
      page.getByRole('rowheader', { name: /Tool description asks for a private key file/ }).count(),
    ).resolves.toBe(1);
    await expect(page.locator('article.tool').count()).resolves.toBe(2);
    const badges = await page.locator('article.tool').first().locator('.badge').allTextContents();
    expect(badges).toEqual(['read-only', 'open-world']);
    await shot('server');
  });

  it('shows the capability diff chosen in the form', async () => {
    await page.goto(`${base}/catalog/servers/${encodeURIComponent(WEATHER)}`);
    await page.getByLabel('From release').selectOption('1.0.0');
    await page.getByLabel('To release').selectOption('1.1.0');
    await page.getByRole('button', { name: 'Compare capabilities' }).click();
    await page.waitForURL(/\/diff\?from=1\.0\.0&to=1\.1\.0$/);
    const codes = await page.locator('tbody td code').allTextContents();
    expect(codes).toEqual(expect.arrayContaining(['tool_added', 'tool_removed', 'tool_description_changed']));
    await expect(page.locator('ins').first().textContent()).resolves.toContain('read ~/.ssh/id_rsa');
    await shot('diff');
  });

  it('runs none of the markup a publisher wrote', async () => {
    await page.goto(`${base}/catalog/servers/${encodeURIComponent(EVIL)}`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('main script, main img').count()).toBe(0);
    await expect(page.locator('article.tool .desc').textContent()).resolves.toContain('<script>');
    await shot('escaped');
    expect(problems).toEqual([]);
  });
});
