import { basename, extname } from 'node:path';

/**
 * A file-name stem per example: the image's base name without extension (`digit-3.png` → `digit-3`),
 * `mnist-samples#12` → `mnist-12`; repeated names get `-2`, `-3`… in order, so outputs never collide.
 */
export function uniqueStems(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const sample = name.match(/^mnist-samples#(\d+)$/);
    const stem = (sample ? `mnist-${sample[1]}` : basename(name, extname(name))).replace(/[^\w.-]+/g, '_');
    const count = (seen.get(stem) ?? 0) + 1;
    seen.set(stem, count);
    return count === 1 ? stem : `${stem}-${count}`;
  });
}
