/**
 * Pixel features SLIC clusters on, scaled like CIELAB (lightness 0–100): RGB images are converted to
 * CIELAB (sRGB, D65 white) because Euclidean distance there follows perceived colour difference (Achanta
 * et al. 2012); other channel counts are min–max scaled to 0–100 per image.
 */
export function slicFeatures(image: ArrayLike<number>, pixels: number, channels: number): Float64Array {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < pixels * channels; i++) {
    lo = Math.min(lo, image[i]);
    hi = Math.max(hi, image[i]);
  }
  // Images in [0, 1] or [0, 255] keep their absolute colours; anything else is stretched to [0, 1].
  const [offset, scale] = lo >= 0 && hi <= 1 ? [0, 1] : lo >= 0 && hi <= 255 ? [0, 255] : [lo, hi - lo || 1];
  const out = new Float64Array(pixels * channels);
  for (let p = 0; p < pixels; p++) {
    if (channels === 3) {
      const lab = rgbToLab(
        (image[p * 3] - offset) / scale,
        (image[p * 3 + 1] - offset) / scale,
        (image[p * 3 + 2] - offset) / scale,
      );
      out.set(lab, p * 3);
    } else {
      for (let c = 0; c < channels; c++)
        out[p * channels + c] = (100 * (image[p * channels + c] - offset)) / scale;
    }
  }
  return out;
}

function linearize(v: number): number {
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

function labCurve(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116;
}

/** sRGB in [0, 1] → CIELAB (D65). */
export function rgbToLab(r: number, g: number, b: number): [number, number, number] {
  const rl = linearize(r);
  const gl = linearize(g);
  const bl = linearize(b);
  const x = (0.4124564 * rl + 0.3575761 * gl + 0.1804375 * bl) / 0.95047;
  const y = 0.2126729 * rl + 0.7151522 * gl + 0.072175 * bl;
  const z = (0.0193339 * rl + 0.119192 * gl + 0.9503041 * bl) / 1.08883;
  const fx = labCurve(x);
  const fy = labCurve(y);
  const fz = labCurve(z);
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
