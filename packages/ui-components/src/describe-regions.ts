import type { ScalarMap } from '@loupe/core';

const ROWS = ['top', 'middle', 'bottom'];
const COLUMNS = ['left', 'centre', 'right'];

/**
 * A sentence naming where the strongest attributions are, for screen readers: the region (3×3 grid
 * name) of the centroid of the top 5% of |values| and the span they cover, in percent of the image.
 */
export function describeRegions(map: ScalarMap): string {
  const { values, width, height } = map;
  const magnitudes = Float32Array.from(values, Math.abs);
  const sorted = magnitudes.slice().sort();
  const threshold = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  if (!(threshold > 0)) return 'No attribution: every value is zero.';
  let sumX = 0;
  let sumY = 0;
  let count = 0;
  let minX = width;
  let minY = height;
  let maxX = 0;
  let maxY = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (magnitudes[y * width + x] < threshold) continue;
      sumX += x;
      sumY += y;
      count++;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  }
  const cx = sumX / count / width;
  const cy = sumY / count / height;
  const row = ROWS[Math.min(2, Math.floor(cy * 3))];
  const column = COLUMNS[Math.min(2, Math.floor(cx * 3))];
  const place = row === 'middle' && column === 'centre' ? 'centre' : `${row} ${column}`;
  const pct = (v: number, n: number) => Math.round((100 * v) / n);
  return (
    `Strongest attribution in the ${place}, ` +
    `spanning ${pct(minX, width)}–${pct(maxX + 1, width)}% across and ${pct(minY, height)}–${pct(maxY + 1, height)}% down.`
  );
}
