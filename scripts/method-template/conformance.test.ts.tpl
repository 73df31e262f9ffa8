import type { ExplainerPlugin } from '@loupe/core';
import { runExplainerConformance } from '@loupe/testing/vitest';
import { __CAMEL__Explainer } from '../src/index.js';

runExplainerConformance(__CAMEL__Explainer as ExplainerPlugin<never>);
