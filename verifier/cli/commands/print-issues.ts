import { isVerifierError } from '../../errors/index.js';

/** Lists every validation issue a registry error carries, one per line, before the error itself. */
export function printRegistryIssues(error: unknown, stream: NodeJS.WritableStream): void {
  if (!isVerifierError(error)) return;
  const body = (error.details as { body?: { details?: { issues?: unknown } } } | undefined)?.body;
  const issues = body?.details?.issues;
  if (!Array.isArray(issues)) return;
  for (const issue of issues as { path: string; rule: string; message: string }[]) {
    stream.write(`  ${issue.path}  ${issue.message}  [${issue.rule}]\n`);
  }
}
