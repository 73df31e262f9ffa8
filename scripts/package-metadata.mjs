// One source for the npm metadata every published package carries: the root package.json's repository,
// homepage, bugs, license and engines. `pnpm sync:metadata` writes them into packages/*/package.json (with
// each package's own directory); checks/test/published-packages.test.ts fails when a package drifts.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The shared fields for the package in `packages/<dir>`, derived from the root package.json. */
export function sharedMetadata(dir) {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const base = rootPkg.homepage.replace(/#.*$/, '');
  return {
    license: rootPkg.license,
    repository: { ...rootPkg.repository, directory: `packages/${dir}` },
    homepage: `${base}/tree/main/packages/${dir}#readme`,
    bugs: rootPkg.bugs,
    engines: rootPkg.engines,
  };
}

/** Directories under packages/ that hold a publishable (not private) package. */
export function publishedPackageDirs() {
  return readdirSync(join(root, 'packages')).filter((dir) => {
    try {
      return !JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).private;
    } catch {
      return false;
    }
  });
}

/** Writes the shared fields into every published package.json, keeping the other fields in their order. */
export function syncMetadata() {
  for (const dir of publishedPackageDirs()) {
    const file = join(root, 'packages', dir, 'package.json');
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const shared = sharedMetadata(dir);
    const out = {};
    for (const [key, value] of Object.entries(pkg)) {
      out[key] = value;
      if (key === 'description') Object.assign(out, shared);
    }
    Object.assign(out, shared);
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) syncMetadata();
