import * as tf from '@tensorflow/tfjs';
import { bool, convAttr, int, int32, ints, opNode, str, uniform } from './graph-def.js';
import type { OpCase } from './op-case.js';

const IMAGE = [2, 4, 4, 3];

function poolCases(op: 'MaxPool' | 'AvgPool'): OpCase[] {
  return [
    { size: 2, stride: 2, padding: 'VALID' as const, input: IMAGE },
    { size: 2, stride: 2, padding: 'VALID' as const, input: [2, 5, 5, 3] },
    { size: 3, stride: 2, padding: 'VALID' as const, input: [2, 7, 7, 3] },
    { size: 4, stride: 4, padding: 'VALID' as const, input: IMAGE },
    { size: 3, stride: 2, padding: 'SAME' as const, input: [2, 5, 5, 3] },
  ].map(({ size, stride, padding, input }) => ({
    name: `${op} ${size}×${size}/${stride} ${padding} on ${input[1]}×${input[2]}`,
    input,
    nodes: [
      opNode('y', op, ['x'], {
        ksize: ints([1, size, size, 1]),
        ...convAttr(stride, padding),
      }),
    ],
    weights: {},
    h: 1e-3,
    ...(op === 'AvgPool' && padding === 'SAME'
      ? { tfGradWrong: 'AvgPoolGrad spreads border windows by 1 / (window area), not 1 / (inputs inside)' }
      : {}),
  }));
}

function reduceCase(op: 'Mean' | 'Sum' | 'Max', axes: number[], keep: boolean): OpCase {
  return {
    name: `${op} over [${axes.join(', ')}]${keep ? ' keep_dims' : ''}`,
    input: IMAGE,
    nodes: [opNode('y', op, ['x', 'axes'], { keep_dims: bool(keep) })],
    weights: { axes: int32(axes) },
    h: 1e-3,
  };
}

/** `x → op(x, constant operands)` for the data-movement ops. */
function move(
  name: string,
  op: string,
  operands: Record<string, ReturnType<typeof int32>>,
  attr = {},
  tfGradWrong?: string,
): OpCase {
  return {
    name,
    input: IMAGE,
    nodes: [opNode('y', op, ['x', ...Object.keys(operands)], attr)],
    weights: operands,
    ...(tfGradWrong ? { tfGradWrong } : {}),
  };
}

const MIRROR_GRAD = "MirrorPad's gradient slices out the centre and drops the mirrored copies";
const STRIDED_GRAD = 'tfjs registers no StridedSlice gradient';

const PADDING = [
  [0, 0],
  [1, 2],
  [2, 1],
  [0, 0],
];

/** Window, reduction and data-movement converter ops. */
export const STRUCTURE_CASES: OpCase[] = [
  ...poolCases('MaxPool'),
  ...poolCases('AvgPool'),
  reduceCase('Mean', [1, 2], false),
  reduceCase('Sum', [-1], true),
  reduceCase('Max', [1, 2], false),
  move('Reshape to [-1, 48]', 'Reshape', { shape: int32([-1, 48]) }),
  move('Transpose [0, 2, 1, 3]', 'Transpose', { perm: int32([0, 2, 1, 3]) }),
  move('Pad', 'Pad', { paddings: int32(PADDING) }),
  {
    name: 'PadV2 (constant 0.5)',
    input: IMAGE,
    nodes: [opNode('y', 'PadV2', ['x', 'paddings', 'value'])],
    weights: { paddings: int32(PADDING), value: uniform([], 32) },
  },
  move('MirrorPad REFLECT', 'MirrorPad', { paddings: int32(PADDING) }, { mode: str('REFLECT') }, MIRROR_GRAD),
  move(
    'MirrorPad SYMMETRIC',
    'MirrorPad',
    { paddings: int32(PADDING) },
    { mode: str('SYMMETRIC') },
    MIRROR_GRAD,
  ),
  move('Slice', 'Slice', { begin: int32([0, 1, 0, 0]), size: int32([-1, 2, 3, -1]) }),
  move(
    'StridedSlice (masks, stride 2)',
    'StridedSlice',
    { begin: int32([0, 1, 0, 0]), end: int32([0, 4, 3, 3]), strides: int32([1, 2, 1, 1]) },
    { begin_mask: int(9), end_mask: int(9) },
    STRIDED_GRAD,
  ),
  move(
    'StridedSlice (shrink axis)',
    'StridedSlice',
    { begin: int32([0, 2, 0, 0]), end: int32([0, 3, 4, 3]), strides: int32([1, 1, 1, 1]) },
    { begin_mask: int(13), end_mask: int(13), shrink_axis_mask: int(2) },
    STRIDED_GRAD,
  ),
  {
    name: 'ConcatV2 of x, relu(x) and a constant',
    input: IMAGE,
    nodes: [opNode('r', 'Relu', ['x']), opNode('y', 'ConcatV2', ['x', 'r', 'c', 'axis'], { N: int(3) })],
    // A constant exported with a batch of 1 follows the input's batch (the converter's own concat cannot).
    weights: { c: uniform([1, 4, 4, 2], 33), axis: int32([3]) },
    reference: (x, w) => tf.concat([x, tf.relu(x), tf.tile(w.c, [x.shape[0], 1, 1, 1])], 3),
    h: 1e-3,
  },
  {
    name: 'Pack of x and tanh(x) on axis 1',
    input: IMAGE,
    nodes: [opNode('t', 'Tanh', ['x']), opNode('y', 'Pack', ['x', 't'], { N: int(2), axis: int(1) })],
    weights: {},
  },
  ...[
    ['ResizeBilinear', false, true],
    ['ResizeBilinear', true, false],
    ['ResizeBilinear', false, false],
    ['ResizeNearestNeighbor', false, true],
    ['ResizeNearestNeighbor', true, false],
  ].map(([op, align, half]) =>
    move(
      `${op} to 7×7 (align_corners ${align}, half_pixel_centers ${half})`,
      op as string,
      { size: int32([7, 7]) },
      { align_corners: bool(align as boolean), half_pixel_centers: bool(half as boolean) },
      op === 'ResizeBilinear'
        ? 'ResizeBilinearGrad misplaces weights with half_pixel_centers or align_corners'
        : 'ResizeNearestNeighborGrad misroutes with align_corners or half_pixel_centers',
    ),
  ),
];
