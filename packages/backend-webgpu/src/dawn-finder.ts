import { nodeBuiltins } from '@loupe/core';
import { browserGpuFinder, type GpuFinder, type GpuLike, navigatorGpu } from './gpu-provider.js';
import { SWIFTSHADER_ICD } from './swiftshader.js';
import { preloadVulkanLoader } from './vulkan-loader.js';

/** The package that holds Dawn's Node bindings: an optional peer, installed only where WebGPU in Node is wanted. */
const DAWN_PACKAGE = 'webgpu';

/** What to do on a machine without a Vulkan driver. */
function driverFix(): string {
  const hasSwiftShader = nodeBuiltins()?.fs.existsSync(SWIFTSHADER_ICD) ?? false;
  return hasSwiftShader
    ? `SwiftShader is installed: export VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`
    : `on Debian without a GPU, install chromium (apt-get install chromium) and set VK_ICD_FILENAMES=${SWIFTSHADER_ICD}`;
}

/** What this package uses of Dawn's Node bindings. */
export interface DawnModule {
  create(flags: string[]): unknown;
  globals: unknown;
}

/** Imports the `webgpu` package. A variable specifier: bundlers leave it alone, so nothing needs it until used. */
function importDawnPackage(): Promise<DawnModule> {
  const specifier = DAWN_PACKAGE;
  return import(/* @vite-ignore */ specifier) as Promise<DawnModule>;
}

/** Loads Dawn with `load`, turning "not installed" into the install command. */
async function loadDawn(load: () => Promise<DawnModule>): Promise<DawnModule> {
  try {
    return await load();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        `the optional peer dependency \`${DAWN_PACKAGE}\` (Dawn's Node bindings, ~130 MB of prebuilt binaries) is not installed; install it next to @loupe/backend-webgpu to use WebGPU in Node: npm i ${DAWN_PACKAGE}`,
      );
    }
    throw err;
  }
}

/**
 * The Node finder: the runtime's own `navigator.gpu` when it has one (Deno, a test shim), else Dawn through
 * the optional `webgpu` package. On Linux, Dawn is only created once a Vulkan loader is mapped (see
 * `preloadVulkanLoader`): without one it would only print a native warning and find no adapter.
 */
export function dawnFinder(load: () => Promise<DawnModule> = importDawnPackage): GpuFinder {
  return {
    async find(dawnToggles) {
      const existing = navigatorGpu();
      if (existing) return { gpu: existing, globals: {}, source: 'navigator.gpu' };
      const dawn = await loadDawn(load);
      const loader = preloadVulkanLoader();
      if (loader.error !== undefined) {
        throw new Error(
          `no Vulkan driver: no Vulkan loader (libvulkan.so.1) could be loaded (${loader.error}); ${driverFix()}`,
        );
      }
      const gpu = dawn.create([...dawnToggles]) as GpuLike;
      return { gpu, globals: { ...(dawn.globals as Record<string, unknown>) }, source: 'webgpu (Dawn)' };
    },
    noAdapterReason(provider) {
      if (provider.source === 'navigator.gpu') return browserGpuFinder.noAdapterReason(provider);
      const icd = process.env.VK_ICD_FILENAMES;
      const current = icd ? ` (VK_ICD_FILENAMES=${icd} gave none)` : '';
      return `Dawn found no GPU adapter: no Vulkan driver${current}; ${driverFix()} (a software driver: correct but slow).`;
    },
  };
}

/** The finder the Node entry uses: Dawn from the installed `webgpu` package. */
export const dawnGpuFinder: GpuFinder = dawnFinder();
