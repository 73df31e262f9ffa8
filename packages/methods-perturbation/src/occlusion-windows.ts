import { OptionError } from '@loupe/core';

/** Where the occluding window goes along each axis of one example. */
export interface WindowLayout {
  /** Window extent per axis (channels included). */
  readonly window: readonly number[];
  readonly stride: readonly number[];
  /** Number of positions per axis: ⌈(dim − window)/stride⌉ + 1 (the last window may stick out and is cut). */
  readonly positions: readonly number[];
  /** Total number of windows: the product of `positions`. */
  readonly count: number;
}

/**
 * Expands a window or stride option to one value per axis of an example of shape `dims`. A number applies
 * to every axis except the last of a rank ≥ 2 example (channels or features), which is taken whole; an
 * array gives every axis, or every axis but the last (taken whole). `undefined` uses `fallback`, clamped to
 * the input (so defaults fit any input; explicit values are checked, not clamped).
 */
export function expandPerAxis(
  value: number | readonly number[] | Readonly<Record<string, unknown>> | undefined,
  dims: readonly number[],
  name: 'window' | 'stride',
  fallback: number,
): number[] {
  if (value !== undefined && typeof value === 'object' && !Array.isArray(value)) {
    throw new OptionError(
      `${name} given by input name (${Object.keys(value).join(', ')}) fits a model with several inputs, each of them named; give this model's input a number or an array.`,
    );
  }
  const rank = dims.length;
  const wholeLast = rank >= 2;
  let perAxis: number[];
  if (value === undefined) {
    perAxis = dims.map((d, i) => (wholeLast && i === rank - 1 ? d : Math.min(fallback, d)));
  } else if (typeof value === 'number') {
    perAxis = dims.map((d, i) => (wholeLast && i === rank - 1 ? d : value));
  } else if (!Array.isArray(value)) {
    throw new OptionError(`${name} must be a number or an array of numbers.`);
  } else if (value.length === rank) {
    perAxis = [...value];
  } else if (wholeLast && value.length === rank - 1) {
    perAxis = [...value, dims[rank - 1]];
  } else {
    throw new OptionError(
      `${name} has ${value.length} entries; one example has shape [${dims.join(', ')}]: give ${rank} values (one per axis, channels included)${wholeLast ? ` or ${rank - 1} (the last axis is then taken whole)` : ''}, or one number.`,
    );
  }
  for (const v of perAxis) {
    if (!Number.isInteger(v) || v < 1) {
      throw new OptionError(`Every ${name} entry must be a whole number ≥ 1; got [${perAxis.join(', ')}].`);
    }
  }
  return perAxis;
}

/**
 * Lays out Captum's occlusion windows over an example of shape `dims`: positions at multiples of the
 * stride, ⌈(dim − window)/stride⌉ + 1 per axis, so every element is covered. Throws `OptionError` for a
 * window larger than the input or a stride larger than the window (elements would be skipped).
 */
export function layoutWindows(
  dims: readonly number[],
  window: readonly number[],
  stride: readonly number[],
): WindowLayout {
  dims.forEach((d, i) => {
    if (window[i] > d) {
      throw new OptionError(
        `The occlusion window [${window.join(', ')}] is larger than the input [${dims.join(', ')}] on axis ${i} (${window[i]} > ${d}); use a window of at most the input's size.`,
      );
    }
    if (window[i] < d && stride[i] > window[i]) {
      throw new OptionError(
        `The stride [${stride.join(', ')}] is larger than the window [${window.join(', ')}] on axis ${i}; elements between windows would never be occluded. Use a stride ≤ the window.`,
      );
    }
  });
  const positions = dims.map((d, i) => Math.ceil((d - window[i]) / stride[i]) + 1);
  return { window, stride, positions, count: positions.reduce((a, b) => a * b, 1) };
}

/** The per-axis start offsets of window number `k` (first axis varies fastest, as in Captum). */
export function windowStart(layout: WindowLayout, k: number): number[] {
  let rest = k;
  return layout.positions.map((n, i) => {
    const start = (rest % n) * layout.stride[i];
    rest = Math.floor(rest / n);
    return start;
  });
}

/**
 * How many windows cover each index of axis `axis`: the occlusion average divides by the product of
 * these over the axes.
 */
export function coverPerAxis(layout: WindowLayout, dims: readonly number[], axis: number): Float32Array {
  const cover = new Float32Array(dims[axis]);
  for (let p = 0; p < layout.positions[axis]; p++) {
    const start = p * layout.stride[axis];
    const end = Math.min(dims[axis], start + layout.window[axis]);
    for (let j = start; j < end; j++) cover[j] += 1;
  }
  return cover;
}
