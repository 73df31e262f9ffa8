/** An image as bytes: `height × width × 3` RGB, row-major. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** The upscaling that brings the shorter side to at least 224 pixels (1 for images that large). */
export function defaultScale(height: number, width: number): number {
  return Math.max(1, Math.floor(224 / Math.min(height, width)));
}
