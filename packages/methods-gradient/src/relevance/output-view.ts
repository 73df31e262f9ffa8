import type { ExplainableModel } from '@loupe/core';
import type { RelevanceGraph } from './graph-trace.js';

/**
 * Relevance methods always start at the network's last linear output (the logits when the model ends in
 * a softmax): a softmax is not elementwise, so no relevance rule passes through it. These notes say so
 * when the caller's output view asked for something else.
 */
export function outputViewWarnings(model: ExplainableModel, rg: RelevanceGraph, method: string): string[] {
  if (model.output === 'logits' || model.output === 'raw') {
    return model.output === 'raw' && rg.skipOutputSoftmax
      ? [
          `${method} explains the logits: the model's final softmax was skipped although the output view is 'raw'.`,
        ]
      : [];
  }
  return rg.skipOutputSoftmax
    ? [
        `${method} explains the logits: the model's final softmax was skipped although the output view is 'probabilities'.`,
      ]
    : [
        `${method} explains the model's raw output; the softmax that the 'probabilities' view adds was not applied.`,
      ];
}
