import type { WorkerEnv } from './env.js';
import { handleRequest } from './handler.js';

// The Workers entry (wrangler.toml `main`). Only the default export: workerd treats every named export of
// the entry module as a possible entrypoint, so the helpers live in the files beside this one.
export default {
  fetch(request: Request, env: WorkerEnv): Promise<Response> {
    return handleRequest(request, env);
  },
};
