import { InputValueError, OptionError, SeededRandom } from '@loupe/core';
import { pairwiseSquaredDistances } from './distances.js';
import { pairwiseSquaredDistancesTf } from './distances-tf.js';
import { jsPackedDistances, pairwiseSquaredDistancesWasm } from './distances-wasm.js';
import { type KernelSource, TriangleKernel } from './kernel-view.js';
import type { DataMatrix } from './matrix.js';
import { median } from './median.js';
import { NystromKernel } from './nystrom.js';
import type { ApproximationReport, ComputeOptions, GammaOption } from './types.js';
import { availableThreads } from './wasm/gram-pool.js';

const GAMMA_SAMPLE_PAIRS = 200_000;

/** A kernel over the data plus what, if anything, was approximated. */
export interface BuiltKernel {
  source: KernelSource;
  gamma: number;
  /** The precision the distances were computed in (`'float32'` only on the exact tf.matMul path). */
  precision: 'float64' | 'float32';
  approximation?: ApproximationReport;
}

function gammaFromMedian(med: number): number {
  if (!(med > 0)) {
    throw new InputValueError(
      'All rows are identical, so the median distance is 0 and γ = 1/(2·med²) is undefined; give kernel.gamma as a number.',
    );
  }
  return 1 / (2 * med * med);
}

function checkGamma(option: GammaOption): void {
  if (
    typeof option === 'number'
      ? !(Number.isFinite(option) && option > 0)
      : option !== 'median' && option !== 'inverse-dim'
  ) {
    throw new OptionError(
      `kernel.gamma must be a positive number, 'median' or 'inverse-dim'; got ${String(option)}.`,
    );
  }
}

/**
 * Decides exact vs Nyström (by `maxExactRows`/`approximation`), resolves γ and builds the kernel. The
 * exact path computes the packed squared-distance triangle (so the median is exact), then turns it into
 * the kernel's values in place.
 */
export async function buildKernel(data: DataMatrix, options: ComputeOptions): Promise<BuiltKernel> {
  const gammaOption = options.kernel?.gamma ?? 'median';
  checkGamma(gammaOption);
  const maxExactRows = options.maxExactRows ?? 12_000;
  if (!Number.isInteger(maxExactRows) || maxExactRows < 2)
    throw new OptionError(`maxExactRows must be an integer ≥ 2; got ${maxExactRows}.`);
  const mode = options.approximation ?? 'auto';
  if (mode !== 'auto' && mode !== 'exact' && mode !== 'nystrom')
    throw new OptionError(`approximation must be 'auto', 'exact' or 'nystrom'; got ${String(mode)}.`);
  const precision = options.precision ?? 'float64';
  if (precision !== 'float64' && precision !== 'float32')
    throw new OptionError(`precision must be 'float64' or 'float32'; got ${String(precision)}.`);
  const seed = options.seed ?? 0;
  const threads = options.threads ?? Math.min(8, availableThreads());
  if (!Number.isInteger(threads) || threads < 1)
    throw new OptionError(`threads must be an integer ≥ 1; got ${threads}.`);
  const approximate = mode === 'nystrom' || (mode === 'auto' && data.n > maxExactRows);
  if (!approximate) {
    if (data.n < 2 && gammaOption === 'median') gammaFromMedian(0);
    const sq =
      precision === 'float32'
        ? jsPackedDistances(await pairwiseSquaredDistancesTf(data))
        : (pairwiseSquaredDistancesWasm(data, threads) ?? jsPackedDistances(pairwiseSquaredDistances(data)));
    const gamma =
      typeof gammaOption === 'number'
        ? gammaOption
        : gammaOption === 'inverse-dim'
          ? 1 / data.d
          : gammaFromMedian(median(sq.values, Math.sqrt, sq.bracket));
    // The distances are not needed again: they become the kernel values in place.
    sq.exponentiate(gamma);
    return { source: new TriangleKernel(data.n, gamma, sq.values), gamma, precision };
  }
  const landmarks = options.landmarks ?? Math.min(data.n, 1000);
  if (!Number.isInteger(landmarks) || landmarks < 1)
    throw new OptionError(`landmarks must be a positive integer; got ${landmarks}.`);
  let gamma: number;
  let samplePairs = 0;
  if (typeof gammaOption === 'number') gamma = gammaOption;
  else if (gammaOption === 'inverse-dim') gamma = 1 / data.d;
  else {
    const sample = sampledDistances(data, seed);
    samplePairs = sample.length;
    gamma = gammaFromMedian(median(sample));
  }
  const source = new NystromKernel(data, gamma, landmarks, seed);
  const report: ApproximationReport = {
    method: 'nystrom',
    landmarks: source.landmarks.length,
    colsumMaxRelativeError: 0,
    checkedColumns: 0,
    gammaFromSample: samplePairs > 0,
    gammaSamplePairs: samplePairs,
  };
  return { source, gamma, precision: 'float64', approximation: report };
}

/** Euclidean distances of seeded random pairs i ≠ j (an estimate of the all-pairs median). */
function sampledDistances(data: DataMatrix, seed: number): Float64Array {
  const { values, n, d } = data;
  const random = new SeededRandom(seed + 2);
  const out = new Float64Array(GAMMA_SAMPLE_PAIRS);
  for (let p = 0; p < out.length; p++) {
    const i = random.integer(n);
    let j = random.integer(n - 1);
    if (j >= i) j++;
    let s = 0;
    for (let k = 0; k < d; k++) {
      const diff = values[i * d + k] - values[j * d + k];
      s += diff * diff;
    }
    out[p] = Math.sqrt(s);
  }
  return out;
}
