import { GifWriter } from 'omggif';
import type { RgbImage } from './rgb-image.js';

// A fixed 3-3-2 RGB palette (256 colours): frames need no per-frame quantisation, and a gray image is
// drawn exactly with the gray palette instead.
function palette(gray: boolean): number[] {
  return Array.from({ length: 256 }, (_, k) => {
    if (gray) return (k << 16) | (k << 8) | k;
    const r = Math.round(((k >> 5) & 7) * (255 / 7));
    const g = Math.round(((k >> 2) & 7) * (255 / 7));
    const b = Math.round((k & 3) * (255 / 3));
    return (r << 16) | (g << 8) | b;
  });
}

function indexOf(data: Uint8Array, p: number, gray: boolean): number {
  const [r, g, b] = [data[p * 3], data[p * 3 + 1], data[p * 3 + 2]];
  if (gray) return r;
  return (Math.round((r / 255) * 7) << 5) | (Math.round((g / 255) * 7) << 2) | Math.round((b / 255) * 3);
}

/**
 * Encodes frames of one size as a looping animated GIF (omggif). `gray` frames (R = G = B) use a 256-level
 * gray palette; colour frames a 3-3-2 palette. `delayCs` is the time per frame in hundredths of a second.
 */
export function encodeGif(frames: readonly RgbImage[], gray: boolean, delayCs = 12): Uint8Array {
  const { width, height } = frames[0];
  const buffer = new Uint8Array(1024 + frames.length * (width * height * 2 + 1024));
  const writer = new GifWriter(buffer, width, height, { palette: palette(gray), loop: 0 });
  for (const frame of frames) {
    const indexed = new Array<number>(width * height);
    for (let p = 0; p < indexed.length; p++) indexed[p] = indexOf(frame.data, p, gray);
    writer.addFrame(0, 0, width, height, indexed, { delay: delayCs });
  }
  return buffer.slice(0, writer.end());
}

/** Places images of one size side by side, with `gap` white pixels between them. */
export function horizontalStrip(images: readonly RgbImage[], gap = 2): RgbImage {
  const { width, height } = images[0];
  const total = images.length * width + (images.length - 1) * gap;
  const data = new Uint8Array(total * height * 3).fill(255);
  images.forEach((img, i) => {
    for (let y = 0; y < height; y++)
      data.set(img.data.subarray(y * width * 3, (y + 1) * width * 3), (y * total + i * (width + gap)) * 3);
  });
  return { width: total, height, data };
}
