export {
  type AssessmentInputs,
  buildAssessment,
  DEFAULT_ASSESSOR,
  integrityFailureFinding,
  RULES_VERSION,
  TOOL_NAME,
  TOOL_VERSION,
} from './build.js';
