import { nodeBuiltins } from '@loupe/core';

/** glibc's RTLD_NODELETE: keeps a library mapped after `dlclose`. Node's `os.constants.dlopen` omits it. */
const RTLD_NODELETE = 0x1000;

/** What {@link preloadVulkanLoader} found. */
export interface VulkanLoaderResult {
  /** The loader library now mapped into the process, or undefined when none could be loaded. */
  loaded?: string;
  /** Why nothing was loaded (the dlopen errors), when `loaded` is undefined. */
  error?: string;
}

/**
 * Makes `libvulkan.so.1` loadable for Dawn on Linux. Dawn opens the Vulkan loader by soname; a machine
 * with Debian's chromium but without the `libvulkan1` package has the loader only inside
 * `/usr/lib/chromium`, next to SwiftShader's ICD. glibc satisfies a later `dlopen` by soname from an already
 * mapped library, so mapping the system loader (or else the one beside the ICD named by `VK_ICD_FILENAMES`)
 * once, pinned with RTLD_NODELETE, is enough. `process.dlopen` then complains that the library is not a Node
 * addon; that error is expected and ignored. Returns what was loaded; does nothing outside Linux Node.
 */
export function preloadVulkanLoader(
  icdFile: string | undefined = process.env.VK_ICD_FILENAMES,
): VulkanLoaderResult {
  const node = nodeBuiltins();
  if (!node || process.platform !== 'linux') return {};
  const candidates = ['libvulkan.so.1'];
  const firstIcd = icdFile?.split(':')[0];
  if (firstIcd) candidates.push(node.path.join(node.path.dirname(firstIcd), 'libvulkan.so.1'));
  const errors: string[] = [];
  for (const candidate of candidates) {
    if (candidate.includes('/') && !node.fs.existsSync(candidate)) continue;
    const outcome = tryMap(
      candidate,
      node.os.constants.dlopen.RTLD_NOW | node.os.constants.dlopen.RTLD_GLOBAL,
    );
    if (outcome === undefined) return { loaded: candidate };
    errors.push(outcome);
  }
  return { error: errors.join('; ') };
}

/** Maps `file`; undefined on success, else the dlopen error. */
function tryMap(file: string, flags: number): string | undefined {
  const sink = { exports: {} };
  try {
    process.dlopen(sink, file, flags | RTLD_NODELETE);
    return undefined;
  } catch (err) {
    const message = (err as Error).message;
    // The library was mapped; it just is not a Node addon.
    if (/did not self-register|Module did not|napi_register_module/i.test(message)) return undefined;
    return message;
  }
}
