import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Largest gzipped size per chunk, in kB (1000 bytes), by chunk name; `*` for chunks not named. */
export type Budgets = Record<string, number>;

/** One row of the report the build writes (`bundle-report.json`) and prints. */
export interface ChunkSize {
  file: string;
  /** True for the chunks a first visit loads (the entry and what it imports statically). */
  initial: boolean;
  /** The chunk's name (entry `index`, a tab's module name, a manual chunk) or `css`. */
  name: string;
  bytes: number;
  gzipBytes: number;
  budgetKB: number;
}

/** Packages whose chunks are named after them (Rollup would name both after their file, `dist`). */
const NAMED_PACKAGES = ['tfjs-backend-wasm', 'tfjs-backend-webgpu'];

/** A chunk's name for the report: the package it holds, for the lazily loaded tfjs backends. */
function chunkName(chunk: { name: string; moduleIds: readonly string[] }): string {
  const named = NAMED_PACKAGES.find((pkg) =>
    chunk.moduleIds.some((id) => id.includes(`/@tensorflow/${pkg}/`)),
  );
  return named && chunk.name === 'dist' ? named : chunk.name;
}

/** Reads the budgets file (JSON: chunk name → kB gzipped). */
export function readBudgets(path: URL): Budgets {
  return JSON.parse(readFileSync(path, 'utf8')) as Budgets;
}

/**
 * Measures every JavaScript and CSS file of the build (bytes and gzip -9), prints the table, writes it as
 * `bundle-report.json`, and fails the build when a chunk is over its budget, so the first page cannot
 * quietly grow back.
 */
export function bundleBudget(budgets: Budgets): Plugin {
  return {
    name: 'loupe-bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      // What a first visit loads: the entry chunk, what it imports statically, and the CSS.
      const initial = new Set<string>();
      const visit = (file: string) => {
        const chunk = bundle[file];
        if (initial.has(file) || chunk?.type !== 'chunk') return;
        initial.add(file);
        for (const next of chunk.imports) visit(next);
      };
      for (const item of Object.values(bundle))
        if (item.type === 'chunk' && item.isEntry) visit(item.fileName);
      const rows: ChunkSize[] = [];
      for (const item of Object.values(bundle)) {
        const isCss = item.type === 'asset' && item.fileName.endsWith('.css');
        if (item.type !== 'chunk' && !isCss) continue;
        const content = item.type === 'chunk' ? item.code : item.source;
        const name = item.type === 'chunk' ? chunkName(item) : 'css';
        rows.push({
          file: item.fileName,
          initial: isCss || initial.has(item.fileName),
          name,
          bytes: Buffer.byteLength(content),
          gzipBytes: gzipSync(content, { level: 9 }).length,
          budgetKB: budgets[name] ?? budgets['*'],
        });
      }
      const first = rows.filter((r) => r.initial);
      rows.push({
        file: '(first visit: every initial file together)',
        initial: true,
        name: 'initial',
        bytes: first.reduce((n, r) => n + r.bytes, 0),
        gzipBytes: first.reduce((n, r) => n + r.gzipBytes, 0),
        budgetKB: budgets.initial ?? budgets['*'],
      });
      rows.sort((a, b) => b.gzipBytes - a.gzipBytes);
      const kB = (n: number) => (n / 1000).toFixed(1).padStart(8);
      const lines = rows.map(
        (r) =>
          `${kB(r.bytes)} kB ${kB(r.gzipBytes)} kB gzip  (budget ${r.budgetKB} kB)  ${r.name}  ${r.file}`,
      );
      this.info(`bundle sizes:\n${lines.join('\n')}`);
      this.emitFile({
        type: 'asset',
        fileName: 'bundle-report.json',
        source: `${JSON.stringify(rows, null, 2)}\n`,
      });
      const over = rows.filter((r) => r.gzipBytes > r.budgetKB * 1000);
      if (over.length > 0) {
        this.error(
          `over the bundle budget (build/bundle-budget.json): ${over
            .map((r) => `${r.name} ${(r.gzipBytes / 1000).toFixed(1)} kB gzip > ${r.budgetKB} kB`)
            .join(
              '; ',
            )}. Split the code (a dynamic import) or raise the budget with a reason in BENCHMARKS.md.`,
        );
      }
    },
  };
}
