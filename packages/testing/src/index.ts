export { expectNoTensorLeaks, expectThrowsWithoutLeaks } from './leaks.js';
export { finiteDifferenceGradient, maxRelativeError } from './finite-differences.js';
export { linearModel, tinyReluNet, tinyCnn, tinyFunctionalModel, randomizeBatchNorm } from './tiny-models.js';
export { tinyGraphModel } from './tiny-graph-model.js';
export { runExplainerConformance, type ConformanceOptions } from './conformance.js';
export { describeOnBackends, defaultTestBackends, type DescribeOnBackendsOptions } from './backend-runner.js';
export { buildMobileNetV2Like, type MobileNetV2Options } from './mobilenet-v2.js';
