import { describe, expect, it } from 'vitest';

describe('importing the package', () => {
  it('touches no DOM: it loads in Node without document or customElements and defines nothing', async () => {
    expect(typeof document).toBe('undefined');
    const ui = await import('../src/index.js');
    expect(typeof ui.defineLoupeElements).toBe('function');
    expect(Object.keys(ui.LOUPE_ELEMENTS).sort()).toEqual([
      'loupe-backend-picker',
      'loupe-curve',
      'loupe-embedding-plot',
      'loupe-explainer',
      'loupe-feature-viz',
      'loupe-heatmap',
      'loupe-image-input',
      'loupe-method-grid',
      'loupe-params',
      'loupe-prototype-gallery',
      'loupe-text-attribution',
    ]);
    // Without customElements (server rendering) defining is a no-op rather than a crash.
    expect(() => ui.defineLoupeElements()).not.toThrow();
  });
});

describe('heatmap arithmetic', () => {
  it('reduces channels, filters signs and clips by percentile as documented', async () => {
    const { reduceChannels, applySign, clipValue, resizeBilinear } = await import('../src/index.js');
    const map = reduceChannels([1, -3, 2, 2], [1, 2, 1, 2], 'sum');
    expect([...map.values]).toEqual([-2, 4]);
    expect([...reduceChannels([1, -3, 2, 2], [1, 2, 2], 'max-abs').values]).toEqual([-3, 2]);
    expect([...reduceChannels([3, 4], [1, 1, 2], 'l2').values]).toEqual([5]);
    expect([...applySign(Float32Array.from([-2, 4]), 'negative')]).toEqual([2, 0]);
    expect(
      clipValue(
        Float32Array.from({ length: 100 }, (_, i) => i + 1),
        99,
      ),
    ).toBe(99);
    expect(clipValue(new Float32Array(4), 99)).toBe(1);
    const up = resizeBilinear({ values: Float32Array.from([0, 1]), width: 2, height: 1 }, 4, 1);
    expect([...up.values]).toEqual([0, 0.25, 0.75, 1]);
    expect(() => reduceChannels([1, 2], [2, 1, 1, 1], 'sum')).toThrow(/one example/);
  });

  it('detects LayersModel and GraphModel model.json files and explains what else is wrong', async () => {
    const { detectModelFormat } = await import('../src/index.js');
    expect(detectModelFormat({ format: 'graph-model', modelTopology: { node: [] } }, 'm')).toBe(
      'graph-model',
    );
    expect(detectModelFormat({ modelTopology: { node: [] } }, 'm')).toBe('graph-model');
    expect(
      detectModelFormat({ format: 'layers-model', modelTopology: { class_name: 'Sequential' } }, 'm'),
    ).toBe('layers-model');
    expect(detectModelFormat({ modelTopology: { model_config: {} } }, 'm')).toBe('layers-model');
    expect(() => detectModelFormat({ hello: 1 }, 'x.json')).toThrow(/not a TensorFlow\.js model\.json/);
  });
});
