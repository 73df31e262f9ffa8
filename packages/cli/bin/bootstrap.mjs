// Loads one of the CLI's entry modules. In a repository checkout (src/ present) the TypeScript
// sources run through tsx, with the workspace packages mapped to their sources by tsconfig.json's
// paths, so no build is needed and nothing stale runs; a published package runs dist/.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = new URL('../', import.meta.url);

/** Imports `src/<name>.ts` (checkout) or `dist/<name>.js` (published) and returns the module. */
export async function loadEntry(name) {
  const source = new URL(`src/${name}.ts`, root);
  if (existsSync(fileURLToPath(source))) {
    const { register } = await import('tsx/esm/api');
    register({ tsconfig: fileURLToPath(new URL('tsconfig.json', root)) });
    return import(source.href);
  }
  return import(pathToFileURL(fileURLToPath(new URL(`dist/${name}.js`, root))).href);
}
