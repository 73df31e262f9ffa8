import { nodeBackend } from '@loupe/backend-node';
import { wasmBackend } from '@loupe/backend-wasm';
import { webgpuBackend } from '@loupe/backend-webgpu';
import { getBackendPlugin, registerBackend } from '@loupe/core';
import { registerEvalMetrics } from '@loupe/eval';
import { registerGradientMethods } from '@loupe/methods-gradient';
import { registerOptimizationMethods } from '@loupe/methods-optimization';
import { registerPerturbationMethods } from '@loupe/methods-perturbation';

/** Registers every explainer, metric and backend the CLI offers; calling it twice is harmless. */
export function registerEverything(): void {
  registerGradientMethods();
  registerPerturbationMethods();
  registerOptimizationMethods();
  registerEvalMetrics();
  for (const backend of [wasmBackend, webgpuBackend, nodeBackend]) {
    if (!getBackendPlugin(backend.name)) registerBackend(backend);
  }
}
