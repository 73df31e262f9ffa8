// Trims custom-elements.json (written by @custom-elements-manifest/analyzer from src/) to what a user of the
// published package can reach: declarations re-exported from the package entry, without private or protected
// members, at the paths the package ships (dist/*.js instead of src/*.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../custom-elements.json', import.meta.url));
const manifest = JSON.parse(readFileSync(file, 'utf8'));

/** src/heatmap.ts or ./heatmap.js → dist/heatmap.js */
const shipped = (path) => `dist/${path.replace(/^(\.\/|src\/)/, '').replace(/\.ts$/, '.js')}`;

const entry = manifest.modules.find((m) => m.path === 'src/index.ts');
if (!entry) throw new Error('custom-elements.json has no src/index.ts module.');
// Public name → the module that declares it, as the entry re-exports it.
// Names re-exported from other packages (`declaration.package`) are documented there.
const publicNames = new Map(
  entry.exports.filter((e) => e.declaration.module).map((e) => [e.name, shipped(e.declaration.module)]),
);

const hidden = (member) => member.privacy === 'private' || member.privacy === 'protected';

function cleanDeclaration(declaration) {
  const out = { ...declaration };
  for (const key of ['members', 'attributes', 'events']) {
    if (Array.isArray(out[key])) out[key] = out[key].filter((m) => !hidden(m));
  }
  if (out.superclass?.module) out.superclass = { ...out.superclass, module: shipped(out.superclass.module) };
  return out;
}

const modules = [];
for (const module of manifest.modules) {
  if (module === entry) continue;
  const path = shipped(module.path);
  const declarations = (module.declarations ?? [])
    .filter((d) => publicNames.get(d.name) === path)
    .map(cleanDeclaration);
  if (declarations.length === 0) continue;
  const names = new Set(declarations.map((d) => d.name));
  const exports = (module.exports ?? [])
    .filter((e) => e.kind === 'custom-element-definition' || names.has(e.name))
    .map((e) => ({ ...e, declaration: { ...e.declaration, module: path } }));
  modules.push({ ...module, path, declarations, exports });
}
modules.push({
  ...entry,
  path: 'dist/index.js',
  exports: entry.exports.map((e) =>
    e.declaration.module
      ? { ...e, declaration: { ...e.declaration, module: shipped(e.declaration.module) } }
      : e,
  ),
});

writeFileSync(file, `${JSON.stringify({ ...manifest, modules }, null, 2)}\n`);
