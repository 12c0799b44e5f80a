export { type Action, type Authentication, authenticate, isAllowed, type Principal } from './principal.js';
export {
  ENV_TOKEN_PREFIX,
  equalsConstantTime,
  hashToken,
  type IssuedToken,
  issueToken,
  toTokenId,
} from './tokens.js';
