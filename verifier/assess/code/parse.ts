import { type ParserOptions, type ParserPlugin, parse } from '@babel/parser';
import type { File } from '@babel/types';

export const SOURCE_EXTENSIONS = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/i;

export function isAnalyzableSource(path: string): boolean {
  return SOURCE_EXTENSIONS.test(path) && !/\.d\.[cm]?ts$/i.test(path);
}

function pluginSets(path: string): ParserPlugin[][] {
  // `<T>x` casts in .ts files are not JSX, so .ts gets typescript alone first; plain JS may still carry
  // Flow or TS syntax from careless builds, so every file has fallbacks.
  if (/\.tsx$/i.test(path)) return [['typescript', 'jsx'], ['typescript']];
  if (/\.[cm]?ts$/i.test(path)) return [['typescript'], ['typescript', 'jsx']];
  return [['jsx'], ['typescript', 'jsx'], ['flow', 'jsx']];
}

const BASE: ParserOptions = {
  sourceType: 'unambiguous',
  errorRecovery: true,
  allowReturnOutsideFunction: true,
  allowAwaitOutsideFunction: true,
  allowImportExportEverywhere: true,
  allowUndeclaredExports: true,
  allowNewTargetOutsideFunction: true,
  allowSuperOutsideMethod: true,
};

export interface ParsedSource {
  ast: File | undefined;
  /** Recovered and fatal errors: a file that did not parse was not analyzed (fail closed upstream). */
  errors: string[];
}

/** Parse JS/TS with @babel/parser (error recovery on), trying the plugin sets that fit the file type. */
export function parseSource(path: string, code: string): ParsedSource {
  const errors: string[] = [];
  // A shebang line is not JavaScript but is common at the top of CLI entry points.
  const text = code.startsWith('#!') ? `//${code.slice(2)}` : code;
  for (const plugins of pluginSets(path)) {
    try {
      const ast = parse(text, { ...BASE, plugins });
      const recovered = (ast.errors ?? []).map((e) => String((e as { message?: string }).message ?? e));
      return { ast, errors: recovered };
    } catch (error) {
      errors.push(`${plugins.join('+')}: ${(error as Error).message}`);
    }
  }
  return { ast: undefined, errors };
}
