// Forward and backward passes of the few layer kinds the default trainer supports, on one example in
// HWC layout (tfjs's NHWC without the batch), written as plain loops: the tfjs cpu backend's
// Conv2DBackpropFilter is tens of times slower than its forward convolution, which made retraining
// (ROAR, KAR, data randomization) impractical in Node without tfjs-node.

/** One layer of a small CNN the default trainer can train. Convolutions are 3×3, 'same', ReLU. */
export type CnnLayerSpec =
  | { kind: 'conv'; name: string; filters: number }
  | { kind: 'pool'; name: string }
  | { kind: 'flatten'; name: string }
  | { kind: 'global-max'; name: string }
  | { kind: 'dense'; name: string; units: number; activation: 'relu' | 'softmax' };

/** A layer with its shapes fixed and its parameters (kernel, bias) as flat arrays in tfjs layout. */
export interface BoundLayer {
  spec: CnnLayerSpec;
  inShape: [number, number, number];
  outShape: [number, number, number];
  params: Float32Array[];
}

/** Output shape `[h, w, c]` of a layer (flat layers use `[1, 1, n]`). */
export function outputShape(
  spec: CnnLayerSpec,
  [h, w, c]: [number, number, number],
): [number, number, number] {
  switch (spec.kind) {
    case 'conv':
      return [h, w, spec.filters];
    case 'pool':
      return [Math.floor(h / 2), Math.floor(w / 2), c];
    case 'flatten':
      return [1, 1, h * w * c];
    case 'global-max':
      return [1, 1, c];
    case 'dense':
      return [1, 1, spec.units];
  }
}

/** Forward pass of one layer; `aux` receives argmax indices for pooling layers. */
export function forwardLayer(layer: BoundLayer, input: Float32Array, aux: Int32Array | null): Float32Array {
  const { spec, inShape, outShape: os } = layer;
  const [h, w, c] = inShape;
  const out = new Float32Array(os[0] * os[1] * os[2]);
  if (spec.kind === 'conv') {
    const [k, b] = layer.params;
    const f = spec.filters;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const ob = (y * w + x) * f;
        for (let o = 0; o < f; o++) out[ob + o] = b[o];
        for (let di = 0; di < 3; di++) {
          const yy = y + di - 1;
          if (yy < 0 || yy >= h) continue;
          for (let dj = 0; dj < 3; dj++) {
            const xx = x + dj - 1;
            if (xx < 0 || xx >= w) continue;
            const ib = (yy * w + xx) * c;
            const kb = (di * 3 + dj) * c * f;
            for (let ch = 0; ch < c; ch++) {
              const v = input[ib + ch];
              if (v === 0) continue;
              const kc = kb + ch * f;
              for (let o = 0; o < f; o++) out[ob + o] += v * k[kc + o];
            }
          }
        }
        for (let o = 0; o < f; o++) if (out[ob + o] < 0) out[ob + o] = 0;
      }
    }
  } else if (spec.kind === 'pool') {
    for (let y = 0; y < os[0]; y++) {
      for (let x = 0; x < os[1]; x++) {
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let at = 0;
          for (let dy = 0; dy < 2; dy++) {
            for (let dx = 0; dx < 2; dx++) {
              const i = ((2 * y + dy) * w + 2 * x + dx) * c + ch;
              if (input[i] > best) {
                best = input[i];
                at = i;
              }
            }
          }
          const oi = (y * os[1] + x) * c + ch;
          out[oi] = best;
          aux![oi] = at;
        }
      }
    }
  } else if (spec.kind === 'global-max') {
    for (let ch = 0; ch < c; ch++) {
      let best = -Infinity;
      let at = ch;
      for (let p = 0; p < h * w; p++)
        if (input[p * c + ch] > best) {
          best = input[p * c + ch];
          at = p * c + ch;
        }
      out[ch] = best;
      aux![ch] = at;
    }
  } else if (spec.kind === 'flatten') {
    out.set(input);
  } else {
    const [k, b] = layer.params;
    const units = spec.units;
    out.set(b);
    for (let i = 0; i < input.length; i++) {
      const v = input[i];
      if (v === 0) continue;
      const kb = i * units;
      for (let o = 0; o < units; o++) out[o] += v * k[kb + o];
    }
    if (spec.activation === 'relu') for (let o = 0; o < units; o++) out[o] = Math.max(0, out[o]);
  }
  return out;
}

/**
 * Backward pass of one layer: accumulates parameter gradients into `grads` and returns the gradient with
 * respect to the input (null when `needInput` is false). `gradOut` is w.r.t. the layer's output after its
 * activation (for softmax dense layers: w.r.t. the logits).
 */
export function backwardLayer(
  layer: BoundLayer,
  input: Float32Array,
  output: Float32Array,
  aux: Int32Array | null,
  gradOut: Float32Array,
  grads: Float32Array[],
  needInput: boolean,
): Float32Array | null {
  const { spec, inShape } = layer;
  const [h, w, c] = inShape;
  const gradIn = needInput ? new Float32Array(input.length) : null;
  if (spec.kind === 'conv') {
    const [k] = layer.params;
    const [gk, gb] = grads;
    const f = spec.filters;
    for (let i = 0; i < gradOut.length; i++) if (output[i] <= 0) gradOut[i] = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const ob = (y * w + x) * f;
        for (let o = 0; o < f; o++) gb[o] += gradOut[ob + o];
        for (let di = 0; di < 3; di++) {
          const yy = y + di - 1;
          if (yy < 0 || yy >= h) continue;
          for (let dj = 0; dj < 3; dj++) {
            const xx = x + dj - 1;
            if (xx < 0 || xx >= w) continue;
            const ib = (yy * w + xx) * c;
            const kb = (di * 3 + dj) * c * f;
            for (let ch = 0; ch < c; ch++) {
              const v = input[ib + ch];
              const kc = kb + ch * f;
              let acc = 0;
              for (let o = 0; o < f; o++) {
                const g = gradOut[ob + o];
                gk[kc + o] += v * g;
                acc += k[kc + o] * g;
              }
              if (gradIn) gradIn[ib + ch] += acc;
            }
          }
        }
      }
    }
  } else if (spec.kind === 'pool' || spec.kind === 'global-max') {
    if (gradIn) for (let i = 0; i < gradOut.length; i++) gradIn[aux![i]] += gradOut[i];
  } else if (spec.kind === 'flatten') {
    gradIn?.set(gradOut);
  } else {
    const [k] = layer.params;
    const [gk, gb] = grads;
    const units = spec.units;
    if (spec.activation === 'relu') for (let o = 0; o < units; o++) if (output[o] <= 0) gradOut[o] = 0;
    for (let o = 0; o < units; o++) gb[o] += gradOut[o];
    for (let i = 0; i < input.length; i++) {
      const v = input[i];
      const kb = i * units;
      let acc = 0;
      for (let o = 0; o < units; o++) {
        gk[kb + o] += v * gradOut[o];
        acc += k[kb + o] * gradOut[o];
      }
      if (gradIn) gradIn[i] = acc;
    }
  }
  return gradIn;
}
