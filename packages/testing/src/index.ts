// Everything here runs without vitest; suite-declaring helpers are on `@loupe/testing/vitest`.

export { buildBenchmarkCnn } from './benchmark-cnn.js';
export { finiteDifferenceGradient, maxRelativeError } from './finite-differences.js';
export { expectNoTensorLeaks, expectThrowsWithoutLeaks } from './leaks.js';
export { buildMobileNetV2Like, type MobileNetV2Options } from './mobilenet-v2.js';
export { defaultTestBackends, loadTestBackend, probeBackend } from './test-backends.js';
export {
  constNode,
  type GraphDefNode,
  graphModelFromNodes,
  placeholderNode,
  tinyGraphModel,
  unlistedOpGraphModel,
} from './tiny-graph-model.js';
export { linearModel, randomizeBatchNorm, tinyCnn, tinyFunctionalModel, tinyReluNet } from './tiny-models.js';
export { imageTabularModel } from './two-input-model.js';
