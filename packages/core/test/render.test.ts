import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAttribution } from '../src/attribution.js';
import { OptionError } from '../src/errors.js';
import { LUMA_WEIGHTS } from '../src/image/grayscale.js';
import { renderAttributionPng } from '../src/node/index.js';
import {
  colorTable,
  composeHeatmap,
  HEATMAP_MODES,
  renderAttribution,
  renderScalarMap,
  sideBySideGap,
} from '../src/render/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 4×2 map: +2, +1, 0, −1 / −2, 0.5, 0, 4 (one outlier), over an image with distinct colours. */
const values = Float32Array.from([2, 1, 0, -1, -2, 0.5, 0, 4]);
const image = Uint8ClampedArray.from({ length: 32 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37) % 256));
const map = { values, width: 4, height: 2 };

function rgbAt(data: ArrayLike<number>, width: number, x: number, y: number): number[] {
  const o = 4 * (y * width + x);
  return [data[o], data[o + 1], data[o + 2], data[o + 3]];
}

describe('renderScalarMap: the formula of each view, pixel by pixel', () => {
  const table = colorTable('rdbu');
  const range = 2;
  const t = (v: number) => Math.max(-1, Math.min(1, v / range));
  const hue = (v: number) => {
    const k = Math.round(((t(v) + 1) / 2) * 255);
    return [table[3 * k], table[3 * k + 1], table[3 * k + 2]];
  };

  it('dimmed-blend (the default): gray at a third of its brightness under colours weighted by √|t|', () => {
    const out = renderScalarMap(map, { image, range });
    expect(out.mode).toBe('dimmed-blend');
    expect(out.colormap).toBe('rdbu');
    for (let p = 0; p < 8; p++) {
      const [r, g, b] = [image[4 * p], image[4 * p + 1], image[4 * p + 2]];
      const gray = (LUMA_WEIGHTS[0] * r + LUMA_WEIGHTS[1] * g + LUMA_WEIGHTS[2] * b) / 3;
      const w = Math.sqrt(Math.abs(t(values[p])));
      const expected = hue(values[p]).map((h) => Math.round(gray * (1 - w) + h * w));
      expect(rgbAt(out.data, 4, p % 4, Math.floor(p / 4))).toEqual([...expected, 255]);
    }
  });

  it('blended, heat-map, masked and alpha follow Captum’s definitions', () => {
    const modes = {
      blended: (p: number, c: number) =>
        Math.round(
          image[4 * p + c] * (1 - 0.6 * Math.abs(t(values[p]))) +
            hue(values[p])[c] * 0.6 * Math.abs(t(values[p])),
        ),
      'heat-map': (p: number, c: number) => hue(values[p])[c],
      masked: (p: number, c: number) => Math.round(image[4 * p + c] * Math.abs(t(values[p]))),
      alpha: (p: number, c: number) => image[4 * p + c],
    } as const;
    for (const [mode, f] of Object.entries(modes)) {
      const out = renderScalarMap(map, { image, range, mode: mode as keyof typeof modes });
      for (let p = 0; p < 8; p++) {
        for (let c = 0; c < 3; c++) expect(out.data[4 * p + c]).toBe(f(p, c));
        expect(out.data[4 * p + 3]).toBe(mode === 'alpha' ? Math.round(255 * Math.abs(t(values[p]))) : 255);
      }
    }
  });

  it('side-by-side: the image, a transparent gap, then the heat map', () => {
    const out = renderScalarMap(map, { image, range, mode: 'side-by-side' });
    const gap = sideBySideGap(4);
    expect(out.width).toBe(8 + gap);
    const heat = renderScalarMap(map, { range, mode: 'heat-map' });
    for (let y = 0; y < 2; y++) {
      for (let x = 0; x < 4; x++) {
        expect(rgbAt(out.data, out.width, x, y)).toEqual(rgbAt(image, 4, x, y));
        expect(rgbAt(out.data, out.width, 4 + gap + x, y)).toEqual(rgbAt(heat.data, 4, x, y));
      }
      for (let x = 4; x < 4 + gap; x++) expect(rgbAt(out.data, out.width, x, y)).toEqual([0, 0, 0, 0]);
    }
  });

  it('clips at the percentile of |values| unless a range is given, and puts positive on the warm end', () => {
    // Nearest rank: the 75th percentile of |values| (8 of them) is the 6th smallest, 2.
    expect(renderScalarMap(map, { percentile: 75 }).clip).toBe(2);
    expect(renderScalarMap(map, { percentile: 100 }).clip).toBe(4);
    expect(renderScalarMap(map, { range: 0.5 }).clip).toBe(0.5);
    const heat = renderScalarMap(map, { range, mode: 'heat-map' }).data;
    expect(heat[0]).toBeGreaterThan(heat[2]); // +2 → red
    expect(heat[4 * 4 + 2]).toBeGreaterThan(heat[4 * 4]); // −2 → blue
    const positive = renderScalarMap(map, { range, mode: 'heat-map', sign: 'positive' });
    expect(positive.colormap).toBe('inferno');
    const inferno = colorTable('inferno');
    expect(rgbAt(positive.data, 4, 3, 0).slice(0, 3)).toEqual([...inferno.slice(0, 3)]); // −1 → 0
  });

  it('upscales by an integer factor, nearest neighbour', () => {
    const small = renderScalarMap(map, { image, range });
    const big = renderScalarMap(map, { image, range, scale: 3 });
    expect([big.width, big.height]).toEqual([12, 6]);
    for (let y = 0; y < 6; y++) {
      for (let x = 0; x < 12; x++) {
        expect(rgbAt(big.data, 12, x, y)).toEqual(rgbAt(small.data, 4, Math.floor(x / 3), Math.floor(y / 3)));
      }
    }
  });

  it('composeHeatmap without an image draws over white (dimmed to a third)', () => {
    const out = composeHeatmap({
      t: new Float32Array(1),
      width: 1,
      height: 1,
      signed: true,
      table: colorTable('rdbu'),
      mode: 'dimmed-blend',
      opacity: 0.6,
    });
    expect([...out]).toEqual([85, 85, 85, 255]);
  });

  it('rejects unknown views, colormaps and out-of-range options with an OptionError', () => {
    expect(() => renderScalarMap(map, { mode: 'overlay' as never })).toThrow(OptionError);
    expect(() => renderScalarMap(map, { colormap: 'jet' as never })).toThrow(/colormap must be/);
    expect(() => renderScalarMap(map, { dim: 2 })).toThrow(/dim must be in \[0, 1\]/);
    expect(() => renderScalarMap(map, { scale: 1.5 })).toThrow(/scale must be an integer/);
    expect(() => renderScalarMap(map, { image: new Uint8ClampedArray(4) })).toThrow(/RGBA bytes/);
    expect(HEATMAP_MODES).toHaveLength(6);
  });
});

describe('renderAttribution and renderAttributionPng (Node)', () => {
  it('reads an Attribution and an image tensor, resizes the map to the image, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const attribution = createAttribution({
      method: 'test',
      target: [0],
      values: tf.tensor3d([1, -1, 0.5, 0], [2, 2, 1]),
    });
    const picture = tf.fill([4, 4, 3], 0.5) as tf.Tensor3D;
    const out = await renderAttribution(attribution, { image: picture, mode: 'heat-map' });
    expect([out.width, out.height]).toEqual([4, 4]);
    // Same as reading the values and resizing by hand.
    const direct = await renderAttribution(
      { values: [1, -1, 0.5, 0], shape: [2, 2] },
      { image: { data: new Uint8ClampedArray(64).fill(128), width: 4, height: 4 }, mode: 'heat-map' },
    );
    expect([...out.data]).toEqual([...direct.data]);
    attribution.dispose();
    picture.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('encodes PNG bytes that decode to the rendered pixels (RGB when opaque, RGBA otherwise)', async () => {
    const source = { values, shape: [2, 4] };
    for (const mode of ['dimmed-blend', 'alpha', 'side-by-side'] as const) {
      const rendered = await renderAttribution(source, {
        image: { data: image, width: 4, height: 2 },
        mode,
        scale: 2,
      });
      const png = PNG.sync.read(
        Buffer.from(
          await renderAttributionPng(source, { image: { data: image, width: 4, height: 2 }, mode, scale: 2 }),
        ),
      );
      expect([png.width, png.height]).toEqual([rendered.width, rendered.height]);
      expect(png.colorType).toBe(mode === 'dimmed-blend' ? 2 : 6);
      expect([...png.data]).toEqual([...rendered.data]);
    }
  });
});
