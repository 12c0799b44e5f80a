export {
  type Admission,
  type AdmissionCode,
  type Admit,
  admitWithCapabilities,
  toRefusalErrorCode,
} from './admission.js';
export { type Denied, type GatedKind, type Refusal, SurfaceGuard, type Verdict } from './guard.js';
export { SurfaceLister } from './lister.js';
export { admitFromLock, type LockAdmissionOptions } from './lock-admission.js';
export { admitFromRegistry, type RegistryAdmissionOptions, toAdmissionCode } from './registry-admission.js';
export { GateRelay, type RelayOptions } from './relay.js';
export { RESOURCE_METHODS, ResourceAccess, type ResourceRoute, type ResourceVerdict } from './resources.js';
export { type GateRunOptions, runGate } from './run.js';
export { GATE_ERROR_CODE, type GateDecision } from './types.js';
export {
  MAX_TEMPLATE_LENGTH,
  MAX_URI_LENGTH,
  type TemplateMatcher,
  toTemplateMatcher,
} from './uri-template.js';
