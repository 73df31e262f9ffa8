import type { ExplainerPlugin } from '@loupe/core';
import { deepLiftExplainer } from './deeplift.js';
import { lrpExplainer } from './lrp.js';

export { lrp, lrpExplainer, RELEVANCE_BATCH_SIZE_PARAM, type LrpOptions } from './lrp.js';
export { deepLift, deepLiftExplainer, type DeepLiftOptions, type DeepLiftBaseline } from './deeplift.js';
export {
  LRP_RULES, INPUT_LAYER_RULES, LRP_COMPOSITES, type LrpRuleName, type InputLayerRuleName, type LrpCompositeName,
} from './composites.js';

/** The relevance-propagation plugins (LRP, DeepLIFT), for `registerGradientMethods()`. */
export const relevanceExplainers: readonly ExplainerPlugin<never>[] = [lrpExplainer, deepLiftExplainer];
