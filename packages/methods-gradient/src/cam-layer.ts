import { type ExplainableModel, type LayerInfo, OptionError } from '@loupe/core';

/** Layers (or graph ops) that compute spatial features: convolutions and pooling. */
const FEATURE_LAYER = /conv|pool/i;

/**
 * True for a layer a CAM can be drawn from: an image feature map `[N, h, w, C]` (core's `spatial`) or a
 * sequence feature map `[N, T, C]` with T > 1 (Conv1D, 1-D pooling).
 */
export function isCamLayer(layer: LayerInfo): boolean {
  const s = layer.outputShape;
  return layer.spatial || (s.length === 3 && (s[1] ?? 2) > 1);
}

/**
 * The spatial layers 'auto' may pick: those from the first convolution or pooling layer on. The input
 * and layers that only rescale or reshape it are spatial too, but a CAM of them is no class activation
 * map (it is the input gradient, coarsely averaged), so 'auto' never picks them.
 */
function featureLayers(spatial: readonly LayerInfo[], all: readonly LayerInfo[]): LayerInfo[] {
  const first = all.findIndex((l) => FEATURE_LAYER.test(l.className));
  if (first < 0) return [];
  const after = new Set(all.slice(first).map((l) => l.name));
  return spatial.filter((l) => after.has(l.name));
}

/**
 * The layer a CAM method reads: a name, or 'auto' for the last spatial layer (`[N, h, w, C]`, or `[N, T, C]`
 * for 1-D models) at or after the first convolution or pooling layer. Unknown names throw `UnknownLayerError`
 * (from the model, listing its layers); a non-spatial layer, or 'auto' on a model without a convolutional
 * feature layer, throws `OptionError` listing the spatial layers that could be named instead.
 */
export function resolveCamLayer(model: ExplainableModel, name: string): LayerInfo {
  const candidates = model.layers.filter(isCamLayer);
  const list = candidates.length ? candidates.map((l) => `${l.name} (${l.className})`).join(', ') : 'none';
  if (name === 'auto') {
    const features = featureLayers(candidates, model.layers);
    const last = features[features.length - 1];
    if (!last) {
      throw new OptionError(
        `Grad-CAM's layer 'auto' found no convolutional or pooling layer with a spatial output [N, h, w, C] or [N, T, C] in this ${model.kind} model (spatial layers: ${list}). ` +
          "Name one of those with layer: '<name>' if it is what you mean, or use a gradient method such as saliency.",
      );
    }
    return last;
  }
  const layer = model.layer(name);
  if (!isCamLayer(layer)) {
    throw new OptionError(
      `Layer "${name}" (${layer.className}, output [${layer.outputShape.map((d) => d ?? 'N').join(', ')}]) has no spatial output; Grad-CAM needs one of: ${list}.`,
    );
  }
  return layer;
}
