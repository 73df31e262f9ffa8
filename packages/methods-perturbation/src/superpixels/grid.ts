/**
 * Grid superpixels: the image cut into about `segments` near-square rectangles, numbered in raster order.
 * The fallback when colour segmentation is not wanted (or the image is too small for it).
 */
export function gridSegments(height: number, width: number, segments: number): Int32Array {
  const rows = Math.max(1, Math.min(height, Math.round(Math.sqrt((segments * height) / width))));
  const cols = Math.max(1, Math.min(width, Math.round(segments / rows)));
  const labels = new Int32Array(height * width);
  for (let y = 0; y < height; y++) {
    const r = Math.floor((y * rows) / height);
    for (let x = 0; x < width; x++) labels[y * width + x] = r * cols + Math.floor((x * cols) / width);
  }
  return labels;
}
