import { defineLoupeElements } from '@loupe/ui-components';
import { App } from './app.js';
import { registerEverything } from './runtime/register.js';
import { registerServiceWorker } from './sw/register-sw.js';
import './styles.css';

defineLoupeElements();
registerEverything();
registerServiceWorker();
const root = document.getElementById('app');
if (root) void new App().start(root);
