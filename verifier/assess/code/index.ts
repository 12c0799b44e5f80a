export {
  analyzeSource,
  analyzeSources,
  type CapabilityKind,
  type Detection,
  type SourceAnalysis,
  type SourceFile,
} from './detect.js';
export type { NetworkDirection } from './modules.js';
export { isAnalyzableSource, parseSource } from './parse.js';
export { shannonEntropy } from './strings.js';
