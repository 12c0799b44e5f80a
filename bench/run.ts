// `npm run bench`: every benchmark of the project in one run, each figure beside the baseline measured in
// the same run, printed as a table and written to bench/results.json.
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

interface Section {
  name: string;
  file: string;
  exportName: string;
}

// A section whose module is absent (a feature not built yet) is reported as skipped, not silently left out.
const SECTIONS: Section[] = [
  { name: 'registry', file: 'bench/registry.ts', exportName: 'runRegistryBench' },
  { name: 'hash', file: 'bench/hash.ts', exportName: 'runHashBench' },
  { name: 'log', file: 'bench/log.ts', exportName: 'runLogBench' },
  { name: 'capture', file: 'bench/capture.ts', exportName: 'runCaptureBench' },
  { name: 'snapshot', file: 'bench/snapshot.ts', exportName: 'runSnapshotBench' },
  { name: 'verify', file: 'bench/verify.ts', exportName: 'runVerifyBench' },
  { name: 'import', file: 'bench/import.ts', exportName: 'runImportBench' },
];

const only = process.argv.slice(2);
const results: Record<string, Record<string, number> | { skipped: string }> = {};
for (const section of SECTIONS) {
  if (only.length > 0 && !only.includes(section.name)) continue;
  const path = join(ROOT, section.file);
  if (!existsSync(path)) {
    results[section.name] = { skipped: `${section.file} is not present` };
    console.log(`${section.name}: skipped (${section.file} is not present)`);
    continue;
  }
  const started = performance.now();
  console.log(`${section.name}: running…`);
  const mod = (await import(pathToFileURL(path).href)) as Record<
    string,
    () => Promise<Record<string, number>>
  >;
  const run = mod[section.exportName];
  if (!run) throw new Error(`${section.file} does not export ${section.exportName}`);
  const figures = await run();
  results[section.name] = figures;
  console.table(figures);
  console.log(`${section.name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const out = join(ROOT, 'bench', 'results.json');
writeFileSync(
  out,
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2)}\n`,
);
console.log(`wrote ${out}`);
