export { type DescribeOnBackendsOptions, defaultTestBackends, describeOnBackends } from './backend-runner.js';
export { type ConformanceOptions, checkSpec, runExplainerConformance } from './conformance.js';
export { finiteDifferenceGradient, maxRelativeError } from './finite-differences.js';
export { expectNoTensorLeaks, expectThrowsWithoutLeaks } from './leaks.js';
export { buildMobileNetV2Like, type MobileNetV2Options } from './mobilenet-v2.js';
export {
  constNode,
  type GraphDefNode,
  graphModelFromNodes,
  placeholderNode,
  tinyGraphModel,
} from './tiny-graph-model.js';
export { linearModel, randomizeBatchNorm, tinyCnn, tinyFunctionalModel, tinyReluNet } from './tiny-models.js';
