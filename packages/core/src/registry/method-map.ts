import type { AttributionMeta } from '../attribution.js';
import type { CommonExplainOptions } from './types.js';

/**
 * Method id → the options and `meta` of its explainer, so `explain()` is typed per method. Core declares no
 * methods; every method package adds its ids by declaration merging, the way Lit components add tags to
 * `HTMLElementTagNameMap`:
 *
 * ```ts
 * declare module '@loupe/core' {
 *   interface ExplainerMethods {
 *     'edge-gradient': { options: EdgeGradientOptions; meta: EdgeGradientMeta };
 *   }
 * }
 * ```
 *
 * Once a package's types are part of a program, `explain(m, x, { method: 'edge-gradient', stpes: 4 })` is a
 * compile error and `meta` has the method's fields. Ids no package declares, and method ids held in `string`
 * variables (UIs, the CLI), accept any options; `explain` still rejects unknown names at run time.
 */
// biome-ignore lint/suspicious/noEmptyInterface: the merge point method packages extend.
export interface ExplainerMethods {}

/** A method id some package declared in `ExplainerMethods`. */
export type KnownMethod = keyof ExplainerMethods & string;

/** The options of method `M`: its declared options, or any options for undeclared ids. */
export type MethodOptions<M extends string> = M extends KnownMethod
  ? ExplainerMethods[M] extends { options: infer O }
    ? O
    : Record<string, unknown>
  : Record<string, unknown>;

/** The `meta` of method `M`'s attributions: its declared meta, or `AttributionMeta` for undeclared ids. */
export type MethodMeta<M extends string> = M extends KnownMethod
  ? ExplainerMethods[M] extends { meta: infer T extends AttributionMeta }
    ? T
    : AttributionMeta
  : AttributionMeta;

/** Options of `explain` for method `M`: the method id, the common options and the method's own options. */
export type ExplainRequest<M extends string = string> = { method: M } & CommonExplainOptions &
  MethodOptions<M>;
