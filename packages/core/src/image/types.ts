/**
 * The part of the DOM's `ImageData` Loupe needs: RGBA bytes, row-major, 4 per pixel. A real
 * `ImageData`, a canvas's `getImageData()` result and a plain object (e.g. a decoded PNG in Node)
 * all fit.
 */
export interface ImageDataLike {
  readonly data: Uint8ClampedArray | Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** Channels an image tensor can have: gray, RGB, or RGB plus alpha. */
export type ImageChannels = 1 | 3 | 4;
