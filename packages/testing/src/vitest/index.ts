// Helpers that declare vitest suites. They import vitest, so they live on this subpath: the package root
// stays importable from any Node script, bundle or other test runner.

export { type ConformanceOptions, checkSpec, runExplainerConformance } from './conformance.js';
export { type DescribeOnBackendsOptions, describeOnBackends } from './describe-on-backends.js';
