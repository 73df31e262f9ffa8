import type { EvaluateResult } from './commands/evaluate.js';
import type { ExplainOutput } from './commands/explain.js';
import type { PrototypeResult } from './commands/prototypes.js';
import type { VisualizeResult } from './commands/visualize.js';
import { describeQueueResult } from './queue/describe.js';

/** A short human summary of a command's result (what --json prints in full). */
export function describeResult(command: string, result: unknown): string | null {
  switch (command) {
    case 'explain': {
      const outputs = result as ExplainOutput[];
      const files = outputs.reduce((n, o) => n + o.files.length, 0);
      const failed = outputs.filter((o) => o.error).length;
      const inverted = new Set(outputs.filter((o) => o.inverted).map((o) => o.image)).size;
      const note = inverted
        ? ` ${inverted} image(s) were inverted (dark on light → light on dark); --no-invert keeps them as they are.`
        : '';
      return `Wrote ${files} file(s) for ${outputs.length - failed} explanation(s)${failed ? `; ${failed} failed` : ''}.${note}`;
    }
    case 'evaluate': {
      const { table, files } = result as EvaluateResult;
      const lines = table.methods.map((m) => {
        const cells = table.metrics.map((metric) => {
          const cell = table.cells.find((c) => c.method === m && c.metric === metric.id);
          const value = cell?.error
            ? 'failed'
            : typeof cell?.value === 'number'
              ? cell.value.toFixed(4)
              : '–';
          return `${metric.id}=${value}`;
        });
        return `  ${m}: ${cells.join('  ')}`;
      });
      return [`Evaluated ${table.examples} example(s):`, ...lines, `Report: ${files[files.length - 1]}`].join(
        '\n',
      );
    }
    case 'visualize': {
      const r = result as VisualizeResult;
      return `${r.objective} (${r.regime}): final objective ${r.history.at(-1)?.toFixed(4)}; wrote ${r.files.length} file(s).`;
    }
    case 'prototypes': {
      const r = result as PrototypeResult;
      return `Prototypes: ${r.prototypes.map((p) => p.index).join(', ')}\nCriticisms: ${r.criticisms.map((p) => p.index).join(', ')}\nWrote ${r.files.join(', ')}`;
    }
    default:
      return describeQueueResult(command, result);
  }
}
