export { type BinaryFormat, detectBinaryFormat } from './binaries.js';
export {
  dependencyTreeFromShrinkwrap,
  type ManifestFetcher,
  type ResolvedManifest,
  resolveDependencyTree,
} from './deps.js';
export { fetchNpmPackage, IntegrityMismatchError, readTarballPackage } from './fetch.js';
export { detectionEvidence, PACKAGE_RULES_VERSION, packageFindings } from './findings.js';
export {
  INSTALL_SCRIPTS,
  inventoryPackage,
  type PackageAnalysis,
  type PackageInventory,
} from './inventory.js';
export type { DependencyTree, PackageMaterial } from './material.js';
