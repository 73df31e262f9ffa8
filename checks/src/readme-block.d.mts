/** The repository root. */
export const REPO_ROOT: string;
/** The fenced code block that follows `<!-- readme-check: <name> -->` in the root README. */
export function readmeBlock(name: string): string;
