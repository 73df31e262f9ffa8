// Drawn or uploaded inputs go into the shareable URL as 8-bit pixels in URL-safe base64: a 28×28 digit is
// about 1 kB of text. Larger inputs are not put in the URL (see `fitsInUrl`).

/** Largest input (values) the URL carries: 64×64 gray or about 37×37 RGB. */
const MAX_VALUES = 4096;

/** True when an input of this many values is small enough for the URL. */
export function fitsInUrl(values: number): boolean {
  return values <= MAX_VALUES;
}

/** Quantizes values in [0, 1] to bytes and encodes them as URL-safe base64. */
export function encodePixels(values: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < values.length; i++) {
    text += String.fromCharCode(Math.round(Math.min(1, Math.max(0, values[i])) * 255));
  }
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes {@link encodePixels}' text back to values in [0, 1]. */
export function decodePixels(data: string): Float32Array {
  const text = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Float32Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) / 255;
  return out;
}
