import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** Largest gzipped size per chunk, in kB (1000 bytes), by chunk name; `*` for chunks not named. */
export type Budgets = Record<string, number>;

/** One row of the report the build writes (`bundle-report.json`) and prints. */
export interface ChunkSize {
  file: string;
  /** The chunk's name (entry `index`, a tab's module name, a manual chunk) or `css`. */
  name: string;
  bytes: number;
  gzipBytes: number;
  budgetKB: number;
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
      const rows: ChunkSize[] = [];
      for (const item of Object.values(bundle)) {
        const isCss = item.type === 'asset' && item.fileName.endsWith('.css');
        if (item.type !== 'chunk' && !isCss) continue;
        const content = item.type === 'chunk' ? item.code : item.source;
        const bytes = Buffer.byteLength(content);
        const name = item.type === 'chunk' ? item.name : 'css';
        const budgetKB = budgets[name] ?? budgets['*'];
        rows.push({
          file: item.fileName,
          name,
          bytes,
          gzipBytes: gzipSync(content, { level: 9 }).length,
          budgetKB,
        });
      }
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
