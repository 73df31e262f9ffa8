/** SwiftShader's ICD as shipped by Debian's chromium package: a software Vulkan driver for Dawn in Node. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
