import type { GraphDefNode } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';

/** GraphDef attribute values, as tfjs-converter's model.json writes them. */
export const FLOAT = { type: 'DT_FLOAT' };
export const ints = (values: readonly number[]) => ({ list: { i: values.map(String) } });
export const int = (value: number) => ({ i: String(value) });
export const str = (text: string) => ({ s: btoa(text) });
export const strs = (texts: readonly string[]) => ({ list: { s: texts.map((t) => btoa(t)) } });
export const bool = (b: boolean) => ({ b });
export const float = (f: number) => ({ f });

/** A float op node reading `inputs`, with `T: float` and the given attributes. */
export function opNode(
  name: string,
  op: string,
  inputs: readonly string[],
  attr: Record<string, unknown> = {},
): GraphDefNode {
  return { name, op, input: [...inputs], attr: { T: FLOAT, ...attr } };
}

/** Seeded uniform weights in [lo, hi). */
export function uniform(shape: number[], seed: number, lo = -1, hi = 1): tf.Tensor {
  return tf.randomUniform(shape, lo, hi, 'float32', seed);
}

/** An int32 constant tensor (shapes, axes, paddings). */
export function int32(values: number[] | number[][], shape?: number[]): tf.Tensor {
  return tf.tensor(
    values.flat(),
    shape ?? (Array.isArray(values[0]) ? [values.length, (values[0] as number[]).length] : [values.length]),
    'int32',
  );
}

/** Convolution attributes: NHWC, `stride` in both spatial dims, `padding` SAME or VALID. */
export function convAttr(stride: number, padding: 'SAME' | 'VALID'): Record<string, unknown> {
  return {
    strides: ints([1, stride, stride, 1]),
    padding: str(padding),
    data_format: str('NHWC'),
    dilations: ints([1, 1, 1, 1]),
  };
}
