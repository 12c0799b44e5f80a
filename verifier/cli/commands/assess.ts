import { readFile, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type Assessment,
  type Capabilities,
  type Permissions,
  validateCapabilities,
} from '../../../registry/records/index.js';
import { fetchNpmPackage, IntegrityMismatchError, readTarballPackage } from '../../assess/package/index.js';
import { readDeclaredPermissions } from '../../assess/permissions/index.js';
import { buildAssessment, integrityFailureFinding } from '../../assess/record/index.js';
import { submitAssessment } from '../../assess/submit/index.js';
import { EXIT_CODES, VerifierError } from '../../errors/index.js';
import { type CliIO, type Command, parseCommandArgs, writeLine } from '../command.js';

const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org/';

async function readJson(io: CliIO, file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new VerifierError(
      code === 'ENOENT' ? 'file_not_found' : 'io_error',
      `cannot read ${what} ${file}: ${(error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new VerifierError(
      'config_invalid',
      `${what} ${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

async function readCapabilities(io: CliIO, file: string): Promise<Capabilities> {
  const result = validateCapabilities(await readJson(io, file, 'capabilities'));
  if (!result.ok) {
    const issues = result.issues.slice(0, 10).map((i) => `${i.path} ${i.message}`);
    throw new VerifierError(
      'config_invalid',
      `${file} is not a capabilities document: ${issues.join('; ')}`,
      {
        details: { issues: result.issues },
      },
    );
  }
  return result.value;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export const assessCommand: Command = {
  name: 'assess',
  summary: 'security-assess an npm package, a package tarball or a captured capabilities document',
  usage:
    'mcpvet assess <npm-spec | package.tgz | capabilities.json> [--registry URL] [--capabilities FILE]\n' +
    '              [--permissions FILE | --release FILE] [--skip-deps] [--assessor ID] [--out FILE]\n' +
    '              [--submit --to URL [--server NAME] [--version V]]\n' +
    '  Writes an assessment record (schemas/assessment.schema.json) to stdout or --out. --registry is the npm\n' +
    '  registry (default: $npm_config_registry, else registry.npmjs.org). --capabilities adds tool-poisoning\n' +
    '  analysis of a capture. Declared permissions come from --permissions (a permissions block, or any\n' +
    '  document holding one), --release (capabilities.permissions of a release), or the capture; without any\n' +
    '  they are "not declared". --submit posts the record to an mcpvet registry with the token in\n' +
    '  $MCPVET_TOKEN. Exit 1 when the suggested verdict is reject or the tarball fails its integrity check.',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(this, argv, {
      registry: { type: 'string' },
      capabilities: { type: 'string' },
      permissions: { type: 'string' },
      release: { type: 'string' },
      'skip-deps': { type: 'boolean' },
      assessor: { type: 'string' },
      out: { type: 'string', short: 'o' },
      submit: { type: 'boolean' },
      server: { type: 'string' },
      version: { type: 'string' },
      to: { type: 'string' },
    });
    const [target, ...extra] = positionals;
    if (target === undefined || extra.length > 0)
      throw new VerifierError(
        'usage',
        `give exactly one package spec, tarball or capabilities file\nusage: ${this.usage}`,
      );
    if (values.permissions !== undefined && values.release !== undefined)
      throw new VerifierError('usage', 'give --permissions or --release, not both');

    let declared: Permissions | undefined;
    let subjectName = values.server;
    let subjectVersion = values.version;
    if (values.permissions !== undefined) {
      declared = readDeclaredPermissions(await readJson(io, values.permissions, 'permissions'));
      if (declared === undefined)
        throw new VerifierError('config_invalid', `${values.permissions} holds no permissions block`);
    }
    if (values.release !== undefined) {
      const release = (await readJson(io, values.release, 'release')) as {
        name?: unknown;
        version?: unknown;
      };
      declared = readDeclaredPermissions(release);
      if (typeof release.name === 'string') subjectName ??= release.name;
      if (typeof release.version === 'string') subjectVersion ??= release.version;
    }

    // Check everything submission needs before the (slow) analysis.
    const token = io.env.MCPVET_TOKEN;
    if (values.submit) {
      if (!values.to)
        throw new VerifierError(
          'usage',
          `--submit needs --to URL (the mcpvet registry)\nusage: ${this.usage}`,
        );
      if (!subjectName || !subjectVersion)
        throw new VerifierError(
          'usage',
          '--submit needs --server NAME and --version V (or a --release file naming them)',
        );
      if (!token) throw new VerifierError('usage', '--submit needs the registry token in $MCPVET_TOKEN');
    } else if (values.to !== undefined) throw new VerifierError('usage', '--to applies to --submit');

    const capsFile = values.capabilities;
    let capabilities = capsFile === undefined ? undefined : await readCapabilities(io, capsFile);
    const path = resolve(io.cwd, target);
    const local = await isFile(path);
    let material: Awaited<ReturnType<typeof fetchNpmPackage>> | undefined;
    let extraFindings: Assessment['findings'] = [];
    let integrityFailed = false;

    if (local && /\.json$/i.test(target)) {
      if (capabilities)
        throw new VerifierError(
          'usage',
          'the target is already a capabilities document; drop --capabilities',
        );
      capabilities = await readCapabilities(io, target);
    } else if (local && /\.(?:tgz|tar\.gz|tar)$/i.test(target)) {
      material = await readTarballPackage(path);
    } else if (local) {
      throw new VerifierError(
        'usage',
        `${target}: expected an npm tarball (.tgz) or a capabilities document (.json)`,
      );
    } else if (/\.(?:tgz|tar\.gz|tar|json)$/i.test(target) || /^\.{0,2}[\\/]/.test(target)) {
      throw new VerifierError('file_not_found', `${target}: no such file`);
    } else {
      const registry = values.registry ?? io.env.npm_config_registry ?? DEFAULT_NPM_REGISTRY;
      try {
        material = await fetchNpmPackage(target, { registry, resolveDependencies: !values['skip-deps'] });
      } catch (error) {
        if (!(error instanceof IntegrityMismatchError)) throw error;
        integrityFailed = true;
        extraFindings = [integrityFailureFinding(target, error.expected, error.actual)];
        writeLine(io.stderr, `mcpvet assess: error [integrity_mismatch] ${error.message}`);
      }
    }
    if (declared === undefined && values.permissions === undefined && values.release === undefined)
      declared = capabilities?.permissions;

    const assessment = buildAssessment({
      ...(material ? { package: material } : {}),
      ...(capabilities ? { capabilities } : {}),
      ...(declared ? { declared } : {}),
      subject: {
        ...(subjectName ? { name: subjectName } : {}),
        ...(subjectVersion ? { version: subjectVersion } : {}),
        ...(integrityFailed ? { package: target } : {}),
      },
      ...(values.assessor
        ? { assessor: { id: values.assessor, kind: 'tool' as const, name: 'mcpvet assess' } }
        : {}),
      extraFindings,
    });

    const json = `${JSON.stringify(assessment, null, 2)}\n`;
    if (values.out !== undefined) {
      try {
        await writeFile(resolve(io.cwd, values.out), json);
      } catch (error) {
        throw new VerifierError('io_error', `cannot write ${values.out}: ${(error as Error).message}`);
      }
    } else io.stdout.write(json);
    writeLine(
      io.stderr,
      `mcpvet assess: ${assessment.summary ?? `${assessment.risk}, ${assessment.verdict}`}`,
    );

    if (values.submit && values.to && subjectName && subjectVersion && token) {
      const result = await submitAssessment({
        registryUrl: values.to,
        token,
        name: subjectName,
        version: subjectVersion,
        assessment,
      });
      writeLine(
        io.stderr,
        `mcpvet assess: submitted to ${values.to} for ${subjectName}@${subjectVersion} (${result.digest})`,
      );
    }
    if (integrityFailed) return EXIT_CODES.integrity_mismatch;
    return assessment.verdict === 'reject' ? 1 : 0;
  },
};
