#!/usr/bin/env node
// `pnpm new:method <name>`: scaffolds packages/methods-<name>, a method package that already passes the
// explainer conformance suite (see CONTRIBUTING.md for the walk-through).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedMetadata } from './package-metadata.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error(
    'usage: pnpm new:method <name>   (lowercase letters, digits and dashes, e.g. "occlusion-sensitivity")',
  );
  process.exit(2);
}
// `--out DIR` writes the package elsewhere (the scaffold's own test uses it); default packages/methods-<name>.
const outFlag = process.argv.indexOf('--out');
const dir = outFlag > 0 ? process.argv[outFlag + 1] : join(root, 'packages', `methods-${name}`);
const changesetDir = outFlag > 0 ? dir : join(root, '.changeset');
if (existsSync(dir)) {
  console.error(`${dir} already exists; pick another name.`);
  process.exit(1);
}
const pascal = name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const camel = pascal[0].toLowerCase() + pascal.slice(1);
const title = name.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
const fill = (text) =>
  text
    .replaceAll('__PASCAL__', pascal)
    .replaceAll('__CAMEL__', camel)
    .replaceAll('__ID__', name)
    .replaceAll('__TITLE__', title);
const template = (file) => fill(readFileSync(join(root, 'scripts', 'method-template', file), 'utf8'));
const corePkg = JSON.parse(readFileSync(join(root, 'packages', 'core', 'package.json'), 'utf8'));
const pkg = {
  name: `@loupe/methods-${name}`,
  version: '0.0.0',
  description: `${title}: a Loupe explainer plugin.`,
  ...sharedMetadata(`methods-${name}`),
  keywords: ['tensorflowjs', 'explainability', 'xai', 'loupe-method'],
  license: corePkg.license,
  type: 'module',
  sideEffects: false,
  main: './dist/index.js',
  types: './dist/index.d.ts',
  exports: {
    '.': { types: './dist/index.d.ts', default: './dist/index.js' },
    './package.json': './package.json',
  },
  files: ['dist', 'src', 'README.md', 'CHANGELOG.md'],
  scripts: corePkg.scripts,
  dependencies: { '@loupe/core': 'workspace:*' },
  peerDependencies: { '@tensorflow/tfjs': '^4.22.0' },
  devDependencies: { '@loupe/testing': 'workspace:*', '@tensorflow/tfjs': '4.22.0' },
  publishConfig: { access: 'public' },
};
const up = relative(dir, root).split('\\').join('/');
const files = {
  'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
  'tsconfig.json': `${JSON.stringify({ extends: `${up}/tsconfig.base.json`, compilerOptions: { rootDir: '.' }, include: ['src', 'test'] }, null, 2)}\n`,
  'tsconfig.build.json': `${JSON.stringify({ extends: `${up}/tsconfig.base.json`, compilerOptions: { rootDir: 'src', outDir: 'dist' }, include: ['src'] }, null, 2)}\n`,
  'vitest.config.ts': `import { defineConfig } from 'vitest/config';\nimport { sharedConfig } from '${up}/vitest.shared.js';\n\nexport default defineConfig(sharedConfig);\n`,
  // changesets appends each release's notes here (`pnpm changeset version`).
  'CHANGELOG.md': `# @loupe/methods-${name}\n`,
  'src/index.ts': template('index.ts.tpl'),
  'test/conformance.test.ts': template('conformance.test.ts.tpl'),
  'README.md': `# @loupe/methods-${name}\n\n${title} for Loupe.\n\n\`\`\`ts\nimport { registerExplainer, explain } from '@loupe/core';\nimport { ${camel}Explainer } from '@loupe/methods-${name}';\n\nregisterExplainer(${camel}Explainer);\nconst attribution = await explain(model, x, { method: '${name}', target: 'predicted' });\n\`\`\`\n`,
};
for (const [file, text] of Object.entries(files)) {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), text);
}
writeFileSync(
  join(changesetDir, `new-method-${name}.md`),
  `---\n"@loupe/methods-${name}": minor\n---\n\nNew explainer: ${title}.\n`,
);
console.log(
  `Created packages/methods-${name}. Next: pnpm install && pnpm --filter @loupe/methods-${name} test`,
);
