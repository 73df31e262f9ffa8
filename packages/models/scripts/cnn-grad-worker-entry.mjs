// Worker threads do not inherit tsx's loader, so the worker starts here, registers it, and
// then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./cnn-grad-worker.ts');
