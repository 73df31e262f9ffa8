import { LoupeHeatmap, LoupeImageInput, LoupeMethodGrid, LoupeParams } from '@loupe/ui-components';
import { App } from './app.js';
import { registerEverything } from './runtime/register.js';
import { registerServiceWorker } from './sw/register-sw.js';
import { defineElements } from './ui/define.js';
import './styles.css';

// The elements of the first page; the other tabs define theirs when they load.
defineElements({
  'loupe-heatmap': LoupeHeatmap,
  'loupe-method-grid': LoupeMethodGrid,
  'loupe-image-input': LoupeImageInput,
  'loupe-params': LoupeParams,
});
registerEverything();
registerServiceWorker();
const root = document.getElementById('app');
if (root) void new App().start(root);
