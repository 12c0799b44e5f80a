/**
 * Everything the package analysis needs, already fetched: the files of the package (paths relative to its
 * root, as in the tarball's `package/` folder), its package.json, and what the registry said about it.
 */
export interface PackageMaterial {
  files: Map<string, Uint8Array>;
  packageJson: Record<string, unknown>;
  /** How the artifact was obtained and verified. */
  source: {
    kind: 'npm' | 'tarball';
    spec: string;
    registry?: string;
    /** SRI of the tarball (sha512-…), checked against the registry's record when kind is npm. */
    integrity?: string;
    tarballUrl?: string;
  };
  /** From the registry's version manifest (absent for a local tarball). */
  manifest?: {
    deprecated?: string;
    attestations?: { url?: string; predicateType?: string };
    hasInstallScript?: boolean;
  };
  dependencyTree?: DependencyTree;
}

/** What was counted as the transitive dependency set, and how. */
export interface DependencyTree {
  source: 'npm-shrinkwrap.json' | 'registry';
  /** Unique name@version of production and optional dependencies, all levels, this package excluded. */
  packages: string[];
  truncated: boolean;
  /** Ranges that could not be resolved (non-registry specs, missing versions, fetch errors). */
  unresolved: string[];
  withInstallScripts: string[];
  deprecated: string[];
}

export type DependencyField =
  | 'dependencies'
  | 'optionalDependencies'
  | 'peerDependencies'
  | 'bundleDependencies';
