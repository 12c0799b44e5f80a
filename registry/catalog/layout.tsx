/** @jsxImportSource hono/jsx */

import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { CSS } from './styles.js';

export type Section = 'servers' | 'api';

// The stylesheet is ours (a constant), so it is the one thing rendered raw; registry data never is.
const STYLE = raw(CSS);
// hono/jsx writes no doctype; without one browsers render in quirks mode
const DOCTYPE = raw('<!DOCTYPE html>');

export function Layout(props: { title: string; section?: Section; children: Child }) {
  return (
    <>
      {DOCTYPE}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <title>{`${props.title} · mcpvet registry`}</title>
          <link rel="icon" href="/catalog/favicon.svg" type="image/svg+xml" />
          <style>{STYLE}</style>
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to main content
          </a>
          <header class="site">
            <div class="wrap">
              <a href="/catalog">mcpvet registry</a>
              <nav aria-label="Main">
                <ul>
                  <li>
                    <a href="/catalog" aria-current={props.section === 'servers' ? 'page' : undefined}>
                      Servers
                    </a>
                  </li>
                  <li>
                    <a href="/v0.1/servers">MCP Registry API (v0.1)</a>
                  </li>
                </ul>
              </nav>
            </div>
          </header>
          <main id="main" tabindex={-1}>
            <div class="wrap">{props.children}</div>
          </main>
          <footer class="site">
            <div class="wrap">
              Served by the mcpvet registry. Descriptions, names and schemas below are written by publishers
              and shown as text, never as markup.
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
