/**
 * Resamples a 1-channel image by exact area averaging (a box filter): each output pixel is the
 * mean of the input area it covers, with fractional pixels weighted by their overlap. This is
 * how a digit is shrunk without aliasing; the total ink scales by the area ratio exactly.
 */
export function areaResample(
  pixels: Float32Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Float32Array {
  const columns = overlapWeights(width, outWidth);
  const rows = overlapWeights(height, outHeight);
  const horizontal = new Float32Array(height * outWidth);
  for (let y = 0; y < height; y++) {
    for (let o = 0; o < outWidth; o++) {
      let sum = 0;
      for (const [i, w] of columns[o]) sum += w * pixels[y * width + i];
      horizontal[y * outWidth + o] = sum;
    }
  }
  const out = new Float32Array(outHeight * outWidth);
  for (let o = 0; o < outHeight; o++) {
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (const [i, w] of rows[o]) sum += w * horizontal[i * outWidth + x];
      out[o * outWidth + x] = sum;
    }
  }
  return out;
}

/** For each output cell, the input cells it overlaps and their weights (overlap ÷ cell length). */
function overlapWeights(inLength: number, outLength: number): [number, number][][] {
  const cell = inLength / outLength;
  const result: [number, number][][] = [];
  for (let o = 0; o < outLength; o++) {
    const start = o * cell;
    const end = (o + 1) * cell;
    const weights: [number, number][] = [];
    for (let i = Math.floor(start); i < Math.min(inLength, Math.ceil(end)); i++) {
      const overlap = Math.min(end, i + 1) - Math.max(start, i);
      if (overlap > 0) weights.push([i, overlap / cell]);
    }
    result.push(weights);
  }
  return result;
}
