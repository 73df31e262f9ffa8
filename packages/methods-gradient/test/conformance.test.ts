import type { ExplainerPlugin } from '@loupe/core';
import { runExplainerConformance } from '@loupe/testing/vitest';
import {
  blurIntegratedGradientsExplainer,
  deconvnetExplainer,
  expectedGradientsExplainer,
  gradCamExplainer,
  gradCamPlusPlusExplainer,
  guidedBackpropExplainer,
  guidedGradCamExplainer,
  guidedIntegratedGradientsExplainer,
  inputXGradientExplainer,
  integratedGradientsExplainer,
  neuronConductanceExplainer,
  neuronGradientExplainer,
  neuronIntegratedGradientsExplainer,
  saliencyExplainer,
  smoothGradExplainer,
  xraiExplainer,
} from '../src/index.js';

const asPlugin = (p: unknown) => p as ExplainerPlugin<never>;

runExplainerConformance(asPlugin(saliencyExplainer));
runExplainerConformance(asPlugin(inputXGradientExplainer));
runExplainerConformance(asPlugin(integratedGradientsExplainer), { options: { steps: 8 } });
runExplainerConformance(asPlugin(guidedBackpropExplainer));
runExplainerConformance(asPlugin(deconvnetExplainer));
runExplainerConformance(asPlugin(gradCamExplainer));
runExplainerConformance(asPlugin(gradCamPlusPlusExplainer));
runExplainerConformance(asPlugin(guidedGradCamExplainer));
runExplainerConformance(asPlugin(blurIntegratedGradientsExplainer), { options: { steps: 4 } });
runExplainerConformance(asPlugin(smoothGradExplainer), { options: { samples: 3 }, batchInvariant: false });
runExplainerConformance(asPlugin(expectedGradientsExplainer), {
  options: { samples: 3 },
  batchInvariant: false,
});
// Neuron methods attribute to the input: they conform like input methods, given a layer (tinyCnn's conv2).
runExplainerConformance(asPlugin(neuronGradientExplainer), { options: { layer: 'conv2', neuron: 5 } });
runExplainerConformance(asPlugin(neuronIntegratedGradientsExplainer), {
  options: { layer: 'conv2', neuron: 5, steps: 8 },
});
runExplainerConformance(asPlugin(neuronConductanceExplainer), {
  options: { layer: 'conv2', neuron: 5, steps: 8 },
});
runExplainerConformance(asPlugin(guidedIntegratedGradientsExplainer), { options: { steps: 8 } });
runExplainerConformance(asPlugin(xraiExplainer), {
  options: { steps: 2, resize: 0, minSize: 4, minPixelDiff: 4 },
});
