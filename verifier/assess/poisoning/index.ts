export {
  analyzePoisoning,
  analyzePoisoningWithJudge,
  analyzeSurface,
  highestSeverityAt,
  POISONING_RULES_VERSION,
  type PoisoningJudge,
  type PoisoningResult,
  TEXT_RULES,
} from './analyze.js';
export { DANGEROUS_COMMANDS } from './lexicon.js';
export { SEVERITY_RANK } from './rule.js';
export { isSideChannelName } from './rules-params.js';
export {
  collectSurface,
  escapePointer,
  type ParamSite,
  type Surface,
  type SurfaceOwner,
  type TextSite,
} from './surface.js';
export { decodeTagChars, toVisible } from './visible.js';
