/** The program that fetches and starts a package, as written in the config. */
export type Launcher =
  | 'npx'
  | 'npm-exec'
  | 'pnpm-dlx'
  | 'yarn-dlx'
  | 'bunx'
  | 'node'
  | 'uvx'
  | 'pipx'
  | 'docker'
  | 'podman';

/** Package ecosystems mcpvet can match against a release's packages[] (registryType). */
export type PackageRegistryType = 'npm' | 'pypi' | 'oci';

/** What a config entry runs. Identification is pure: it reads only the entry, never the disk or network. */
export type Identity =
  | {
      kind: 'package';
      registryType: PackageRegistryType;
      /** The name a release's packages[].identifier uses: npm name, normalized PyPI name, OCI repository. */
      identifier: string;
      /** Version, range or tag as written; null when none was given. */
      requested: string | null;
      /** The exact version when the entry pins one (npm/PyPI), the tag for OCI. */
      version: string | null;
      /** OCI only: the manifest digest the entry pins (sha256:…). */
      digest?: string;
      /** An exact version (npm/PyPI) or a digest (OCI): what runs cannot change under the config. */
      pinned: boolean;
      launcher: Launcher;
      /** The spec as written (pkg@ver, pkg==ver, image:tag). */
      spec: string;
      /** npm: registry named by --registry or npm_config_registry in the entry. */
      npmRegistry?: string;
      /** node …/node_modules/pkg/…: the installed package folder that runs. */
      installPath?: string;
    }
  | { kind: 'remote'; url: string; transport: 'http' | 'sse' }
  | { kind: 'local'; path: string; launcher: string | null }
  | { kind: 'unknown'; command: string; reason: string };

export interface IdentifyContext {
  /** The project folder: relative paths and ${workspaceFolder} resolve against it. */
  cwd: string;
  home: string;
}
