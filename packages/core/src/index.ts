export * from './attribution.js';
export { cpuBackend } from './backends/cpu.js';
export { guardBackendLoss } from './backends/loss-guard.js';
export * from './backends/registry.js';
export { backendSelfTest, type SelfTestResult } from './backends/self-test.js';
export type * from './backends/types.js';
export * from './batching.js';
export * from './errors.js';
export { activationRange, applyActivation, isKnownActivation, isReluFamily } from './graph/activations.js';
export { applyOp, linearPreActivation, type OpRules } from './graph/apply-op.js';
export {
  AUTODIFF_PLAN,
  type BackwardPlan,
  backwardPlan,
  FORWARD_KERNELS_PLAN,
} from './graph/backward-plan.js';
export { buildGraphModelGraph } from './graph/converter/graph-model-graph.js';
export { depthwiseInputGradient } from './graph/depthwise-input-grad.js';
export { disposeGraph, foldGraph } from './graph/fold.js';
export { buildLayersGraph } from './graph/layers-graph.js';
export { maxPoolFirstWins, reduceExtremeFirstWins } from './graph/max-routing.js';
export { type GraphFeed, neededNodes, type RunOptions, runGraph, runGraphValues } from './graph/run.js';
export type * from './graph/types.js';
export * from './image/index.js';
export * from './input.js';
export {
  backSubstituteTransposed,
  cholesky,
  choleskySolve,
  forwardSubstitute,
} from './linear-algebra/cholesky.js';
export { orthonormalizeColumns } from './linear-algebra/orthonormalize.js';
export { symmetricEigen } from './linear-algebra/symmetric-eigen.js';
export {
  type BlockProduct,
  type TopEigenOptions,
  type TopEigenpairs,
  topEigenpairs,
} from './linear-algebra/top-eigen.js';
export * from './memory-budget.js';
export { checkFunctionGradient } from './model/function-check.js';
export {
  InputLayout,
  type ModelInput,
  type ModelInputSpec,
  type RawInputSpec,
} from './model/input-layout.js';
export { type LoadModelOptions, loadModel, type ModelSource } from './model/load-model.js';
export { inputLabel, mapInputs } from './model/map-inputs.js';
export { type PerInputValue, splitAttribution, withPackedInput } from './model/packed-call.js';
export { assertTokenIds, assertTokenIdsAsync } from './model/token-ids.js';
export type * from './model/types.js';
export { isExplainableModel, wrapModel } from './model/wrap-model.js';
export * from './option-names.js';
export { type BatchPool, type PoolControl, type PoolJob, poolFor } from './parallel/batch-pool.js';
export {
  exportModel,
  importModel,
  saveToMemory,
  type TransferableModel,
} from './parallel/model-transfer.js';
export { forEachBatchInOrder, type OrderedBatchOptions } from './parallel/ordered-batches.js';
export { runJobOn, runPoolJob } from './parallel/pool-job.js';
export * from './params.js';
export { SeededRandom } from './random/seeded-random.js';
export {
  isRegionTarget,
  type RegionTarget,
  regionTarget,
} from './region-target.js';
export * from './registry/explainers.js';
export type * from './registry/method-map.js';
export type * from './registry/types.js';
export * from './render/index.js';
export { isNode, type NodeBuiltins, nodeBuiltins } from './runtime.js';
export * from './target.js';
export {
  fitSequence,
  parseVocabulary,
  type TokenizedText,
  tokenize,
  type Vocabulary,
} from './text/vocabulary.js';
