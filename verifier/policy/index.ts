export {
  checkExpiredExceptions,
  DEFAULT_POLICY,
  decideFinding,
  type EffectivePolicy,
  type FindingSubject,
  loadPolicy,
  POLICY_FILE,
  type PolicyDecision,
  parsePolicy,
  toEffectivePolicy,
  toExpiry,
} from './policy.js';
