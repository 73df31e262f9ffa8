import { createRequire } from 'node:module';
import os from 'node:os';

const m = { exports: {} };
try {
  process.dlopen(
    m,
    '/usr/lib/chromium/libvulkan.so.1',
    os.constants.dlopen.RTLD_NOW | os.constants.dlopen.RTLD_GLOBAL | 0x1000,
  );
} catch (e) {
  console.log('dlopen err:', e.message);
}
const require = createRequire(`${process.cwd()}/package.json`);
const gpu = require('webgpu').create([]);
const adapter = await gpu.requestAdapter();
console.log('adapter', !!adapter, adapter?.info?.description, adapter?.info?.vendor);
