export { type BootstrapResult, bootstrapAdmin } from './bootstrap.js';
