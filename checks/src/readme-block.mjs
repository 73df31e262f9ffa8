// The README-block reader for plain Node scripts (benchmarks); tests use readme.ts, which re-exports this.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The fenced code block that follows `<!-- readme-check: <name> -->` in the root README: checks run the
 * README's own examples, so the README stays true.
 */
export function readmeBlock(name) {
  const readme = readFileSync(new URL('README.md', `file://${REPO_ROOT}`), 'utf8');
  const marker = `<!-- readme-check: ${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no "${marker}" block.`);
  const fence = readme.slice(at + marker.length).match(/```[a-z]*\n([\s\S]*?)```/);
  if (!fence) throw new Error(`No fenced code block follows "${marker}" in README.md.`);
  return fence[1];
}
