import type * as tf from '@tensorflow/tfjs';

type ProfileInfo = Awaited<ReturnType<typeof tf.profile>>;

/**
 * Kernel time (ms, as the backend measures it) and call count per kernel name, slowest first. Op scopes that
 * tf.profile lists beside the kernels they run (`fusedConv2d__op`, a customGrad's 'unnamed scope') are left out:
 * their time is their kernels' time counted again.
 */
export function kernelTotals(profile: ProfileInfo): [string, { ms: number; calls: number }][] {
  const byKernel = new Map<string, { ms: number; calls: number }>();
  for (const k of profile.kernels) {
    if (k.name.endsWith('__op') || k.name === 'unnamed scope') continue;
    const row = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
    row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    row.calls += 1;
    byKernel.set(k.name, row);
  }
  return [...byKernel].sort((a, b) => b[1].ms - a[1].ms);
}
