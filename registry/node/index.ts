export { type RunningRegistry, type ServeOptions, startRegistry } from './serve.js';
