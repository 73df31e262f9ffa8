import type { Plugin } from 'esbuild';

/** esbuild plugin: `@loupe/*` → TypeScript sources; Node-only modules → empty. */
export function workspaceAlias(): Plugin;
