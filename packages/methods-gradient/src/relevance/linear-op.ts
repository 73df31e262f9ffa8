import type { NodeOp } from '@loupe/core';

/** The ops that compute weights · input (+ bias) before an activation. */
export type LinearOp = Extract<NodeOp, { kind: 'dense' | 'conv' | 'depthwise' | 'conv-transpose' }>;

/** True for ops that compute weights · input (+ bias) before an activation. */
export function isLinearOp(op: NodeOp): op is LinearOp {
  return op.kind === 'dense' || op.kind === 'conv' || op.kind === 'depthwise' || op.kind === 'conv-transpose';
}
