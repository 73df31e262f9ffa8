/** The npm metadata every published package shares, derived from the root package.json. */
export interface SharedMetadata {
  license: string;
  repository: { type: string; url: string; directory: string };
  homepage: string;
  bugs: { url: string };
  engines: { node: string };
}
export function sharedMetadata(dir: string): SharedMetadata;
export function publishedPackageDirs(): string[];
export function syncMetadata(): void;
