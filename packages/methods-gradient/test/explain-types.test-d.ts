// Type tests (vitest --typecheck): the `ExplainerMethods` map makes explain() typed per method. Checked by
// the compiler only; `pnpm test` runs them through vitest's typecheck mode.
import { type Attribution, type AttributionMeta, type ExplainableModel, explain } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs';
import { describe, expectTypeOf, it } from 'vitest';
import type { IntegratedGradientsMeta } from '../src/index.js';

// A third-party plugin declares its id the same way this package does.
interface EdgeGradientOptions {
  threshold?: number;
}
interface EdgeGradientMeta extends AttributionMeta {
  edges: number;
}
declare module '@loupe/core' {
  interface ExplainerMethods {
    'edge-gradient': { options: EdgeGradientOptions; meta: EdgeGradientMeta };
  }
}

declare const model: ExplainableModel;
declare const x: tf.Tensor;

describe('typed explain()', () => {
  it('rejects a misspelt option and a wrongly typed value at compile time', () => {
    // @ts-expect-error 'stpes' is not an option of integrated-gradients ('steps' is).
    void explain(model, x, { method: 'integrated-gradients', stpes: 50 });
    // @ts-expect-error steps is a number.
    void explain(model, x, { method: 'integrated-gradients', steps: 'fifty' });
    // @ts-expect-error `abs` belongs to saliency, not integrated gradients.
    void explain(model, x, { method: 'integrated-gradients', abs: true });
    // @ts-expect-error the quadrature rule is one of the named rules.
    void explain(model, x, { method: 'integrated-gradients', quadrature: 'simpson' });
    // @ts-expect-error a plugin's declared options are checked too.
    void explain(model, x, { method: 'edge-gradient', treshold: 0.5 });
    expectTypeOf(explain<'integrated-gradients'>)
      .parameter(2)
      .toMatchTypeOf<{ method: 'integrated-gradients'; steps?: number; target?: unknown }>();
  });

  it("types each method's meta", async () => {
    const ig = await explain(model, x, { method: 'integrated-gradients', steps: 50, target: 'predicted' });
    expectTypeOf(ig).toEqualTypeOf<Attribution<IntegratedGradientsMeta>>();
    expectTypeOf(ig.meta.convergenceDelta).toEqualTypeOf<number[]>();
    expectTypeOf(ig.meta.steps).toEqualTypeOf<number>();
    const cam = await explain(model, x, { method: 'grad-cam', layer: 'conv2' });
    expectTypeOf(cam.meta.layer).toEqualTypeOf<string>();
    const edge = await explain(model, x, { method: 'edge-gradient', threshold: 0.5 });
    expectTypeOf(edge.meta.edges).toEqualTypeOf<number>();
  });

  it('keeps method ids held in strings (UIs, the CLI) and undeclared plugins open', async () => {
    const id: string = 'integrated-gradients';
    const dynamic = await explain(model, x, { method: id, steps: 8, anything: true });
    expectTypeOf(dynamic.meta).toEqualTypeOf<AttributionMeta>();
    expectTypeOf(dynamic.meta.convergenceDelta).toEqualTypeOf<number[] | undefined>();
    await explain(model, x, { method: 'not-declared-anywhere', whatever: 1 });
  });
});
