import { toSurfaceFingerprint } from '../../../registry/fingerprint/index.js';
import type { Severity } from '../../../registry/records/index.js';
import {
  diffCapabilities,
  isAtLeast,
  isSeverity,
  readCapabilitiesFile,
  renderDriftTable,
  toDriftSeverity,
} from '../../drift/index.js';
import { VerifierError } from '../../errors/index.js';
import { type Command, parseCommandArgs, writeLine } from '../command.js';

/** Default threshold: high catches rug pulls, widened input schemas, unsafe annotation flips and new
 * sampling/elicitation/experimental capabilities; new tools (medium) need --fail-on medium. */
export const DEFAULT_FAIL_ON: Severity = 'high';

export function parseFailOn(value: string | undefined, usage: string): Severity | 'none' {
  if (value === undefined) return DEFAULT_FAIL_ON;
  if (value === 'none' || isSeverity(value)) return value;
  throw new VerifierError(
    'usage',
    `--fail-on must be one of info, low, medium, high, critical, none (got '${value}')\nusage: ${usage}`,
  );
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare two capability documents or releases and report drift',
  usage:
    'mcpvet diff [--fail-on info|low|medium|high|critical|none] [--format table|json] DECLARED OBSERVED\n' +
    '  DECLARED, OBSERVED: capabilities documents (mcpvet capture), releases (server.json with capabilities)\n' +
    '  or registry release records. Exit 1 when any drift is at or above --fail-on (default high).',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      'fail-on': { type: 'string' },
      format: { type: 'string', default: 'table' },
    });
    if (positionals.length !== 2) throw new VerifierError('usage', `usage: ${this.usage}`);
    const format = values.format;
    if (format !== 'table' && format !== 'json') {
      throw new VerifierError('usage', `--format must be table or json\nusage: ${this.usage}`);
    }
    const failOn = parseFailOn(values['fail-on'], this.usage);
    const [declaredPath, observedPath] = positionals as [string, string];
    const declared = await readCapabilitiesFile(declaredPath, io.cwd);
    const observed = await readCapabilitiesFile(observedPath, io.cwd);
    const drift = diffCapabilities(declared, observed);
    const highest = toDriftSeverity(drift);
    const failed = failOn !== 'none' && highest !== undefined && isAtLeast(highest, failOn);
    if (format === 'json') {
      const report = {
        declared: { file: declaredPath, fingerprint: await toSurfaceFingerprint(declared) },
        observed: { file: observedPath, fingerprint: await toSurfaceFingerprint(observed) },
        failOn,
        highestSeverity: highest ?? null,
        failed,
        drift,
      };
      writeLine(io.stdout, JSON.stringify(report, null, 2));
    } else {
      io.stdout.write(renderDriftTable(drift));
      if (failed) writeLine(io.stdout, `fail: drift at or above ${failOn}`);
    }
    return failed ? 1 : 0;
  },
};
