import { type ExplainableModel, type LayerInfo, OptionError } from '@loupe/core';

/**
 * The layer a CAM method reads: a name, or 'auto' for the last layer with a spatial output (rank-4 NHWC
 * with height and width). Unknown names throw `UnknownLayerError` (from the model, listing its layers);
 * a non-spatial layer, or 'auto' on a model without one, throws `OptionError` listing the candidates.
 */
export function resolveCamLayer(model: ExplainableModel, name: string): LayerInfo {
  const candidates = model.layers.filter((l) => l.spatial);
  const list = candidates.length ? candidates.map((l) => l.name).join(', ') : 'none';
  if (name === 'auto') {
    const last = candidates[candidates.length - 1];
    if (!last) {
      throw new OptionError(
        `Grad-CAM needs a layer with a spatial output [N, h, w, C]; this ${model.kind} model has none (spatial layers: ${list}). Use a convolutional model, or a gradient method such as saliency.`,
      );
    }
    return last;
  }
  const layer = model.layer(name);
  if (!layer.spatial) {
    throw new OptionError(
      `Layer "${name}" (${layer.className}, output [${layer.outputShape.map((d) => d ?? 'N').join(', ')}]) has no spatial output; Grad-CAM needs one of: ${list}.`,
    );
  }
  return layer;
}
