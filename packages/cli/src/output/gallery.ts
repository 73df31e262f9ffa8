import type { RgbImage } from './rgb-image.js';

/** A tile of a gallery: a picture and the colour of its frame. */
export interface Tile {
  image: RgbImage;
  frame: [number, number, number];
}

/** Frame colours: prototypes green, criticisms red. */
export const PROTOTYPE_FRAME: [number, number, number] = [46, 160, 67];
export const CRITICISM_FRAME: [number, number, number] = [215, 38, 61];

/**
 * Composes rows of equally sized tiles into one image: each tile gets a `border`-pixel frame in its
 * colour, tiles are separated by `gap` white pixels, and a row may hold `null` as an empty slot (the
 * space between a class's prototypes and its criticisms).
 */
export function composeGallery(rows: readonly (Tile | null)[][], border = 2, gap = 4): RgbImage {
  const sample = rows.flat().find((t): t is Tile => t !== null);
  if (!sample) throw new Error('A gallery needs at least one tile.');
  const cellW = sample.image.width + 2 * border;
  const cellH = sample.image.height + 2 * border;
  const columns = Math.max(...rows.map((r) => r.length));
  const width = columns * cellW + (columns + 1) * gap;
  const height = rows.length * cellH + (rows.length + 1) * gap;
  const data = new Uint8Array(width * height * 3).fill(255);
  rows.forEach((row, r) => {
    row.forEach((tile, col) => {
      if (!tile) return;
      const x0 = gap + col * (cellW + gap);
      const y0 = gap + r * (cellH + gap);
      for (let y = 0; y < cellH; y++) {
        for (let x = 0; x < cellW; x++) {
          const inside = x >= border && y >= border && x < cellW - border && y < cellH - border;
          const rgb = inside
            ? tile.image.data.subarray(
                ((y - border) * tile.image.width + (x - border)) * 3,
                ((y - border) * tile.image.width + (x - border)) * 3 + 3,
              )
            : tile.frame;
          data.set(rgb, ((y0 + y) * width + x0 + x) * 3);
        }
      }
    });
  });
  return { width, height, data };
}
