import type { ExplainerPlugin } from '@loupe/core';
import { deepLiftExplainer } from './deeplift.js';
import { lrpExplainer } from './lrp.js';

export {
  INPUT_LAYER_RULES,
  type InputLayerRuleName,
  LRP_COMPOSITES,
  LRP_RULES,
  type LrpCompositeName,
  type LrpRuleName,
} from './composites.js';
export { type DeepLiftBaseline, type DeepLiftOptions, deepLift, deepLiftExplainer } from './deeplift.js';
export { type LrpOptions, lrp, lrpExplainer, RELEVANCE_BATCH_SIZE_PARAM } from './lrp.js';

/** The relevance-propagation plugins (LRP, DeepLIFT), for `registerGradientMethods()`. */
export const relevanceExplainers: readonly ExplainerPlugin<never>[] = [lrpExplainer, deepLiftExplainer];
