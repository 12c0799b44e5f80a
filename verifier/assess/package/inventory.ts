import { analyzeSource, type Detection, isAnalyzableSource, type SourceAnalysis } from '../code/index.js';
import { type BinaryFormat, detectBinaryFormat } from './binaries.js';
import { dependencyTreeFromShrinkwrap } from './deps.js';
import type { DependencyField, DependencyTree, PackageMaterial } from './material.js';

export const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;
const MAX_PARSE_BYTES = 10 * 1024 * 1024;

export interface PackageInventory {
  package: {
    name: string;
    version: string;
    spec: string;
    source: 'npm' | 'tarball';
    registry?: string;
    integrity?: string;
  };
  size: { files: number; unpackedBytes: number };
  installScripts: Record<string, string>;
  /** npm runs `node-gyp rebuild` on install when binding.gyp exists and no install script is set. */
  implicitInstall?: string;
  native: { addons: string[]; bindingGyp: boolean; loaders: string[] };
  binaries: Array<{ path: string; format: BinaryFormat; bytes: number }>;
  dependencies: {
    direct: Record<DependencyField, number>;
    transitive: {
      counted: string;
      source: DependencyTree['source'] | 'none';
      count: number | null;
      truncated?: boolean;
      unresolved?: string[];
      withInstallScripts?: string[];
      deprecated?: string[];
    };
  };
  deprecated: string | null;
  provenance: { present: boolean; url?: string; predicateType?: string };
  code: {
    filesAnalyzed: number;
    filesNotAnalyzed: Array<{ file: string; reason: string }>;
    capabilities: {
      exec: number;
      network: { egress: number; listen: number; unknown: number };
      fsWrite: number;
      env: string[];
      eval: number;
      dynamicLoad: number;
      native: number;
      obfuscation: number;
    };
    hosts: string[];
    /** Up to 20 file:line:column locations per kind. */
    locations: Record<string, string[]>;
  };
}

export interface PackageAnalysis {
  inventory: PackageInventory;
  analyses: SourceAnalysis[];
  detections: Detection[];
}

function count(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length;
  return value === true ? 1 : 0;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** Inventory and static capability detection of an already-fetched package. Pure. */
export function inventoryPackage(material: PackageMaterial): PackageAnalysis {
  const pj = material.packageJson;
  const files = [...material.files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const scripts = (typeof pj.scripts === 'object' && pj.scripts !== null ? pj.scripts : {}) as Record<
    string,
    unknown
  >;
  const installScripts: Record<string, string> = {};
  for (const name of INSTALL_SCRIPTS)
    if (typeof scripts[name] === 'string') installScripts[name] = scripts[name] as string;
  const bindingGyp = material.files.has('binding.gyp');

  const analyses: SourceAnalysis[] = [];
  const filesNotAnalyzed: Array<{ file: string; reason: string }> = [];
  const binaries: PackageInventory['binaries'] = [];
  const addons: string[] = [];
  let unpackedBytes = 0;
  for (const [path, bytes] of files) {
    unpackedBytes += bytes.length;
    const format = detectBinaryFormat(bytes);
    if (/\.node$/i.test(path)) addons.push(path);
    else if (format) binaries.push({ path, format, bytes: bytes.length });
    if (!isAnalyzableSource(path)) continue;
    if (bytes.length > MAX_PARSE_BYTES) {
      filesNotAnalyzed.push({ file: path, reason: `larger than ${MAX_PARSE_BYTES} bytes` });
      continue;
    }
    const analysis = analyzeSource(path, decoder.decode(bytes));
    analyses.push(analysis);
    if (!analysis.parsed)
      filesNotAnalyzed.push({ file: path, reason: `parse error: ${analysis.errors[0] ?? 'unknown'}` });
  }
  const detections = analyses.flatMap((a) => a.detections);
  const of = (kind: Detection['kind']) => detections.filter((d) => d.kind === kind);
  const locations: Record<string, string[]> = {};
  for (const d of detections) {
    const list = locations[d.kind] ?? [];
    if (list.length < 20) list.push(`${d.file}:${d.line}:${d.column}`);
    locations[d.kind] = list;
  }

  const shrinkwrap = material.files.get('npm-shrinkwrap.json');
  const tree =
    material.dependencyTree ??
    (shrinkwrap ? dependencyTreeFromShrinkwrap(decoder.decode(shrinkwrap)) : undefined);
  const attestations = material.manifest?.attestations;
  const implicitInstall =
    bindingGyp && !installScripts.install && !installScripts.preinstall ? 'node-gyp rebuild' : undefined;

  const inventory: PackageInventory = {
    package: {
      name: String(pj.name ?? ''),
      version: String(pj.version ?? ''),
      spec: material.source.spec,
      source: material.source.kind,
      ...(material.source.registry ? { registry: material.source.registry } : {}),
      ...(material.source.integrity ? { integrity: material.source.integrity } : {}),
    },
    size: { files: files.length, unpackedBytes },
    installScripts,
    ...(implicitInstall ? { implicitInstall } : {}),
    native: {
      addons,
      bindingGyp,
      loaders: [...new Set(of('native').map((d) => d.what))].sort(),
    },
    binaries,
    dependencies: {
      direct: {
        dependencies: count(pj.dependencies),
        optionalDependencies: count(pj.optionalDependencies),
        peerDependencies: count(pj.peerDependencies),
        bundleDependencies: count(pj.bundleDependencies ?? pj.bundledDependencies),
      },
      transitive: tree
        ? {
            counted:
              'unique name@version of production and optional dependencies at every depth (dev and peer excluded)',
            source: tree.source,
            count: tree.packages.length,
            truncated: tree.truncated,
            unresolved: tree.unresolved,
            withInstallScripts: tree.withInstallScripts,
            deprecated: tree.deprecated,
          }
        : {
            counted: 'not resolved: no published npm-shrinkwrap.json and no registry resolution',
            source: 'none',
            count: null,
          },
    },
    deprecated: material.manifest?.deprecated ?? null,
    provenance: {
      present: attestations !== undefined,
      ...(attestations?.url ? { url: attestations.url } : {}),
      ...(attestations?.predicateType ? { predicateType: attestations.predicateType } : {}),
    },
    code: {
      filesAnalyzed: analyses.filter((a) => a.parsed).length,
      filesNotAnalyzed,
      capabilities: {
        exec: of('exec').length,
        network: {
          egress: of('network').filter((d) => d.network === 'egress').length,
          listen: of('network').filter((d) => d.network === 'listen').length,
          unknown: of('network').filter((d) => d.network === 'unknown').length,
        },
        fsWrite: of('fs-write').length,
        env: [...new Set(of('env').map((d) => d.env ?? '*'))].sort(),
        eval: of('eval').length,
        dynamicLoad: of('dynamic-load').length,
        native: of('native').length,
        obfuscation: of('obfuscation').length,
      },
      hosts: [...new Set(of('url').map((d) => d.host ?? ''))].filter(Boolean).sort(),
      locations,
    },
  };
  return { inventory, analyses, detections };
}
