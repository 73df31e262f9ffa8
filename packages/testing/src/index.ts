export { expectNoTensorLeaks, expectThrowsWithoutLeaks } from './leaks.js';
export { finiteDifferenceGradient, maxRelativeError } from './finite-differences.js';
export { linearModel, tinyReluNet, tinyCnn, tinyFunctionalModel, randomizeBatchNorm } from './tiny-models.js';
export { tinyGraphModel } from './tiny-graph-model.js';
