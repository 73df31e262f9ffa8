import { OptionError, throwIfAborted } from '@loupe/core';
import { type CriticismRegularizer, greedyCriticisms, witness } from './criticisms.js';
import { loadRows } from './embed.js';
import { greedyPrototypes } from './greedy-prototypes.js';
import { buildKernel } from './kernel-build.js';
import type { KernelSource } from './kernel-view.js';
import { type ClassRows, checkCount, groupByLabel } from './labels.js';
import { NystromKernel } from './nystrom.js';
import { checkOptionNames } from './option-names.js';
import type {
  ApproximationReport,
  ClassPrototypes,
  ComputeOptions,
  Labels,
  MatrixInput,
  PrototypeSet,
} from './types.js';

/** Options of `mmdCritic`. */
export interface MmdCriticOptions extends ComputeOptions {
  /** Number of prototypes m (≥ 1). Default 10. */
  prototypes?: number;
  /** Number of criticisms k (≥ 0). Default 5. */
  criticisms?: number;
  /** Criticism diversity term. Default `'logdet'`. */
  regularizer?: CriticismRegularizer;
  /** One label per row; returned in `labels` and required by `perClass`. */
  labels?: Labels;
  /**
   * Also run MMD-critic separately on each class's rows (with the whole data's γ), with these counts
   * (`true`: the global counts). Indices are reported in the original row space.
   */
  perClass?: boolean | { prototypes?: number; criticisms?: number };
}

/** MMD-critic result: a `PrototypeSet` with the witness of every row and the MMD² trace. */
export interface MmdCriticResult extends PrototypeSet {
  witness: Float64Array;
  /** MMD² between all rows and the first t+1 prototypes, t = 0..m−1 (approximate under Nyström). */
  mmd2: number[];
  /** Present when kernel sums were approximated (large n); says how far off they are. */
  approximation?: ApproximationReport;
  /**
   * The distances' precision. `'float32'` (asked for with `precision`, exact kernel only; the Nyström
   * path is float64) can pick another row than the
   * float64 reference where two candidates' scores tie within ~1e-6; `'float64'` matches it.
   */
  precision: 'float64' | 'float32';
}

/** One MMD-critic selection over a kernel view, indices in the original row space. */
export interface Selection {
  prototypes: number[];
  criticisms: number[];
  witness: Float64Array;
  mmd2: number[];
}

/** Greedy prototypes, witness and criticisms over the view of `rows` (all rows: null). */
export function selectExamples(
  source: KernelSource,
  rows: readonly number[] | null,
  m: number,
  k: number,
  reg: CriticismRegularizer,
): Selection {
  const view = source.view(rows);
  const greedy = greedyPrototypes(view, m);
  const w = witness(view, greedy.prototypeSum, m);
  const local = greedyCriticisms(view, w, greedy.selected, k, reg);
  const toGlobal = (i: number) => (rows === null ? i : rows[i]);
  return {
    prototypes: greedy.selected.map(toGlobal),
    criticisms: local.map(toGlobal),
    witness: w,
    mmd2: greedy.mmd2,
  };
}

/**
 * Prototypes and criticisms (Kim, Khanna & Koyejo, "Examples are not enough, learn to criticize!",
 * NeurIPS 2016) under the RBF kernel K_ij = exp(−γ‖x_i − x_j‖²), reproducing the authors' reference
 * selections index for index: greedy prototypes, then criticisms maximising the witness (optionally
 * with the log-det diversity term), ties to the lowest index, results in selection order.
 * `data`: a tensor (first axis = examples) or rows; with `embed`, inputs embedded by a model layer.
 */
export async function mmdCritic(data: MatrixInput, options: MmdCriticOptions = {}): Promise<MmdCriticResult> {
  checkOptionNames('mmdCritic', options);
  const m = checkCount(options.prototypes ?? 10, 'prototypes', 1);
  const k = checkCount(options.criticisms ?? 5, 'criticisms', 0);
  const reg = options.regularizer ?? 'logdet';
  if (reg !== 'logdet' && reg !== 'none')
    throw new OptionError(`regularizer must be 'logdet' or 'none'; got ${String(reg)}.`);
  if (options.perClass && !options.labels)
    throw new OptionError('perClass needs labels: pass one label per row in options.labels.');
  const perClassCounts =
    options.perClass === true ? { prototypes: m, criticisms: k } : options.perClass || null;
  const mc = perClassCounts ? checkCount(perClassCounts.prototypes ?? m, 'perClass.prototypes', 1) : 0;
  const kc = perClassCounts ? checkCount(perClassCounts.criticisms ?? k, 'perClass.criticisms', 0) : 0;

  const rows = await loadRows(data, options.embed, options);
  if (m + k > rows.n)
    throw new OptionError(
      `prototypes + criticisms (${m} + ${k}) exceeds the ${rows.n} rows; ask for at most ${rows.n} in total.`,
    );
  const classes: ClassRows[] | null = options.labels ? groupByLabel(options.labels, rows.n) : null;
  if (perClassCounts && classes) {
    for (const c of classes) {
      if (c.rows.length < mc + kc) {
        throw new OptionError(
          `Class ${String(c.label)} has ${c.rows.length} rows, fewer than the ${mc} prototypes + ${kc} criticisms asked per class; lower perClass counts.`,
        );
      }
    }
  }
  throwIfAborted(options.signal);
  const built = await buildKernel(rows, options);
  const global = selectExamples(built.source, null, m, k, reg);
  let perClass: ClassPrototypes[] | undefined;
  if (perClassCounts && classes) {
    perClass = [];
    for (const c of classes) {
      throwIfAborted(options.signal);
      const s = selectExamples(built.source, c.rows, mc, kc, reg);
      perClass.push({
        label: c.label,
        rows: c.rows,
        prototypes: s.prototypes,
        criticisms: s.criticisms,
        witness: s.witness,
      });
    }
  }
  const result: MmdCriticResult = {
    prototypes: global.prototypes,
    criticisms: global.criticisms,
    witness: global.witness,
    mmd2: global.mmd2,
    gamma: built.gamma,
    precision: built.precision,
  };
  if (options.labels) result.labels = Array.from(options.labels);
  if (perClass) result.perClass = perClass;
  if (built.approximation && built.source instanceof NystromKernel) {
    result.approximation = {
      ...built.approximation,
      colsumMaxRelativeError: built.source.maxRelativeError,
      checkedColumns: built.source.checkedColumns,
    };
  }
  return result;
}
