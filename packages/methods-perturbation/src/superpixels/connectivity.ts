/**
 * Makes every label one 4-connected region: splits labels into connected components, merges components
 * smaller than `minSize` pixels into the neighbouring component met first in raster order, and numbers the
 * result 0..K−1 in raster order of first appearance. SLIC's clustering alone can leave stray fragments.
 */
export function enforceConnectivity(
  labels: Int32Array,
  height: number,
  width: number,
  minSize: number,
): Int32Array {
  const out = new Int32Array(labels.length).fill(-1);
  const queue = new Int32Array(labels.length);
  let next = 0;
  for (let start = 0; start < labels.length; start++) {
    if (out[start] !== -1) continue;
    // The label of an already-finished neighbour, which a too-small component joins.
    let adjacent = -1;
    const sy = Math.floor(start / width);
    const sx = start % width;
    if (sx > 0) adjacent = out[start - 1];
    else if (sy > 0) adjacent = out[start - width];
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    out[start] = next;
    while (head < tail) {
      const p = queue[head++];
      const y = Math.floor(p / width);
      const x = p % width;
      const neighbours = [
        x > 0 ? p - 1 : -1,
        x < width - 1 ? p + 1 : -1,
        y > 0 ? p - width : -1,
        y < height - 1 ? p + width : -1,
      ];
      for (const q of neighbours) {
        if (q >= 0 && out[q] === -1 && labels[q] === labels[start]) {
          out[q] = next;
          queue[tail++] = q;
        }
      }
    }
    if (tail < minSize && adjacent >= 0) {
      for (let k = 0; k < tail; k++) out[queue[k]] = adjacent;
    } else {
      next++;
    }
  }
  return out;
}
