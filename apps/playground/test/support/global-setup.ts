import type { TestProject } from 'vitest/node';
import { ensureFreshBuild } from './fresh-build.js';
import { startModelServer } from './model-server.js';
import { startPreview } from './preview.js';

/** Builds the app if needed, serves it with `vite preview`, and starts a separate model host. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureFreshBuild();
  const preview = await startPreview();
  const models = await startModelServer();
  project.provide('appUrl', preview.url);
  project.provide('modelHost', models.url);
  return async () => {
    preview.stop();
    await models.close();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    modelHost: string;
  }
}
