export {
  analyzeSource,
  analyzeSources,
  type CapabilityKind,
  type Detection,
  type SourceAnalysis,
} from './code/index.js';
export {
  dependencyTreeFromShrinkwrap,
  detectBinaryFormat,
  fetchNpmPackage,
  IntegrityMismatchError,
  inventoryPackage,
  type PackageInventory,
  type PackageMaterial,
  packageFindings,
  readTarballPackage,
  resolveDependencyTree,
} from './package/index.js';
export { comparePermissions, readDeclaredPermissions } from './permissions/index.js';
export {
  analyzePoisoning,
  analyzePoisoningWithJudge,
  type PoisoningJudge,
  type PoisoningResult,
} from './poisoning/index.js';
export {
  type AssessmentInputs,
  buildAssessment,
  integrityFailureFinding,
  RULES_VERSION,
} from './record/index.js';
export { rateFindings } from './risk/index.js';
export { submitAssessment } from './submit/index.js';
