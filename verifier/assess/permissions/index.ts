export { comparePermissions, type DetectedNeeds, hostAllowed } from './compare.js';
export { readDeclaredPermissions } from './declared.js';
