import { describe, expect, it } from 'vitest';
import { analyzeSource, type Detection } from '../../verifier/assess/code/index.js';

function lines(...l: string[]): string {
  return `${l.join('\n')}\n`;
}

/** 1-based column of `needle` in `line`, so expected positions are read off the source, not counted by hand. */
function col(line: string, needle: string): number {
  const i = line.indexOf(needle);
  if (i < 0) throw new Error(`fixture error: ${needle}`);
  return i + 1;
}

function summary(ds: Detection[], kind?: Detection['kind']): string[] {
  return ds
    .filter((d) => kind === undefined || d.kind === kind)
    .map((d) => `${d.kind} ${d.line}:${d.column} ${d.what}${d.network ? ` [${d.network}]` : ''}`);
}

describe('static capability detection', () => {
  it('finds child_process in every import style with exact positions', () => {
    const code = lines(
      "import { spawn } from 'node:child_process';",
      "const cp = require('child_process');",
      "const { execFile: ef } = require('child_process');",
      "const m = __toESM(require('child_process'));",
      "spawn('ls'); cp.execSync('id'); ef('x'); (0, m.fork)('w.js');",
    );
    const r = analyzeSource('a.js', code);
    expect(r.parsed).toBe(true);
    expect(summary(r.detections, 'exec')).toEqual([
      'exec 1:1 imports child_process',
      'exec 2:12 imports child_process',
      'exec 3:26 imports child_process',
      'exec 4:19 imports child_process',
      'exec 5:1 child_process.spawn',
      'exec 5:14 child_process.execSync',
      'exec 5:33 child_process.execFile',
      'exec 5:42 child_process.fork',
    ]);
    const spawn = r.detections.find((d) => d.what === 'child_process.spawn');
    expect(spawn).toMatchObject({
      start: code.indexOf("spawn('ls')"),
      snippet: "spawn('ls')",
      argument: 'ls',
    });
  });

  it('tells egress from listening and sees fetch, WebSocket, undici and http clients', () => {
    const code = lines(
      "import http from 'node:http';",
      "import { request } from 'undici';",
      "import WebSocket from 'ws';",
      'http.createServer(() => {}).listen(3000);',
      "http.get('http://api.example.org/x');",
      "await fetch(url); await request(url); new WebSocket('wss://w.example.org');",
      "globalThis.fetch('https://a.example.org');",
    );
    expect(summary(analyzeSource('n.mjs', code).detections, 'network')).toEqual([
      'network 1:1 imports http [unknown]',
      'network 2:1 imports undici [egress]',
      'network 3:1 imports ws [unknown]',
      'network 4:1 http.createServer [listen]',
      'network 5:1 http.get [egress]',
      'network 6:7 fetch [egress]',
      'network 6:25 undici.request [egress]',
      'network 6:39 ws [egress]',
      'network 7:1 fetch [egress]',
    ]);
  });

  it('finds filesystem writes through fs, fs/promises, fs.promises, destructuring and open flags', () => {
    const l4 = "await fsp.writeFile('a', 'b'); fs.promises.mkdir('d'); add('f', 'x'); await rm('t');";
    const l5 =
      "fs.readFileSync('r'); fs.openSync('o', 'a+'); fs.openSync('p', 'r'); fs.createWriteStream('s');";
    const code = lines(
      "import * as fsp from 'fs/promises';",
      "import fs, { appendFileSync as add } from 'node:fs';",
      "const { rm } = require('fs').promises;",
      l4,
      l5,
    );
    expect(summary(analyzeSource('w.ts', code).detections, 'fs-write')).toEqual([
      `fs-write 4:${col(l4, 'fsp.writeFile')} fs/promises.writeFile`,
      `fs-write 4:${col(l4, 'fs.promises.mkdir')} fs.promises.mkdir`,
      `fs-write 4:${col(l4, 'add(')} fs.appendFileSync`,
      `fs-write 4:${col(l4, 'rm(')} fs.promises.rm`,
      `fs-write 5:${col(l5, "fs.openSync('o'")} fs.openSync(…, a+)`,
      `fs-write 5:${col(l5, 'fs.createWriteStream')} fs.createWriteStream`,
    ]);
  });

  it('names the environment variables read, in every form', () => {
    const code = lines(
      'const a = process.env.API_TOKEN;',
      "const b = process.env['DB_URL'];",
      'const { REGION, ["HOST"]: h, ...others } = process.env;',
      'const env = process.env; env.ALIASED;',
      'const k = process.env[name];',
      'spawn(cmd, { env: process.env });',
      "import { env as e2 } from 'node:process'; e2.FROM_IMPORT;",
    );
    const env = analyzeSource('e.ts', code)
      .detections.filter((d) => d.kind === 'env')
      .map((d) => `${d.env}@${d.line}:${d.column}`);
    expect(env).toEqual([
      'API_TOKEN@1:11',
      'DB_URL@2:11',
      'REGION@3:9',
      'HOST@3:17',
      '*@3:30',
      'ALIASED@4:26',
      '*@5:11',
      '*@6:19',
      'FROM_IMPORT@7:43',
    ]);
  });

  it('flags eval, new Function, vm, string timers and computed module loads, but not literal ones', () => {
    const l2 =
      "eval(src); new Function('a', body); vm.runInNewContext(code); setTimeout('tick()', 5); setTimeout(fn, 5);";
    // biome-ignore lint/suspicious/noTemplateCurlyInString: this is JavaScript source under analysis
    const l3 = "require(name); import(`./plugins/${p}.js`); require('./ok.js'); import('./ok.js');";
    const code = lines("import vm from 'vm';", l2, l3);
    const r = analyzeSource('d.js', code);
    expect(summary(r.detections, 'eval')).toEqual([
      'eval 1:1 imports vm',
      'eval 2:1 eval',
      `eval 2:${col(l2, 'new Function')} new Function`,
      `eval 2:${col(l2, 'vm.run')} vm.runInNewContext`,
      `eval 2:${col(l2, "setTimeout('")} setTimeout with a code string`,
    ]);
    expect(summary(r.detections, 'dynamic-load')).toEqual([
      'dynamic-load 3:1 require() of a computed path',
      `dynamic-load 3:${col(l3, 'import(`')} import() of a computed specifier`,
    ]);
  });

  it('reports obfuscation signals and tells embedded assets apart', () => {
    const noise = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 131 + 7) % 256)).toString('base64');
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from(noise, 'base64'),
    ]).toString('base64');
    const escaped = Array.from({ length: 24 }, (_, i) => `\\x${(0x41 + (i % 26)).toString(16)}`).join('');
    const ids = Array.from({ length: 12 }, (_, i) => `var _0x${(0xa1b2 + i).toString(16)} = ${i};`).join(' ');
    const code = lines(
      `const blob = '${noise}';`,
      `const img = 'data:image/png;base64,${png}';`,
      `const s = "${escaped}";`,
      ids,
    );
    const r = analyzeSource('o.js', code);
    expect(
      r.detections.filter((d) => d.kind === 'obfuscation').map((d) => [d.line, d.weight, d.what]),
    ).toEqual([
      [1, 'medium', `high-entropy string (${noise.length} chars)`],
      [2, 'low', `embedded PNG data (${'data:image/png;base64,'.length + png.length} chars)`],
      [3, 'medium', 'hex-escaped string (24 \\x escapes)'],
      [4, 'medium', 'obfuscator-style identifiers (_0x…)'],
    ]);
  });

  it('collects URL hosts once per file, from strings and templates', () => {
    const code = lines(
      "const a = 'https://api.example.net/v1';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this is JavaScript source under analysis
      'const b = `https://api.example.net/v2/${id}`;',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this is JavaScript source under analysis
      'const c = `wss://${host}/socket`;',
      "import x from 'https://not-a-string-the-code-uses.example';",
    );
    const urls = analyzeSource('u.mjs', code).detections.filter((d) => d.kind === 'url');
    expect(urls.map((d) => [d.host, d.line])).toEqual([['api.example.net', 1]]);
  });

  it('parses TypeScript, JSX and shebang files, and reports files that do not parse', () => {
    const ts = lines(
      '#!/usr/bin/env node',
      'const x = <T,>(v: T): T => v;',
      'const el = <div>{process.env.UI_FLAG as string}</div>;',
    );
    const r = analyzeSource('c.tsx', ts);
    expect(r.parsed).toBe(true);
    expect(r.detections.map((d) => d.env)).toEqual(['UI_FLAG']);
    const cast = analyzeSource('c.ts', 'const n = <number>value; process.env.CAST;');
    expect(cast.detections.map((d) => d.env)).toEqual(['CAST']);
    const broken = analyzeSource('b.js', 'function (((');
    expect(broken.parsed).toBe(false);
    expect(broken.errors.length).toBeGreaterThan(0);
  });
});
