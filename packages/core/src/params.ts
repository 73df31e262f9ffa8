import { OptionError } from './errors.js';

/**
 * A schema for one option of a plugin, rich enough for a UI to draw a control for a method it has
 * never seen, and for a CLI to validate `--opt key=value`.
 */
export type ParamSpec =
  | {
      type: 'number';
      default: number;
      min?: number;
      max?: number;
      step?: number;
      integer?: boolean;
      help: string;
      label?: string;
    }
  | { type: 'boolean'; default: boolean; help: string; label?: string }
  | { type: 'enum'; default: string; values: readonly string[]; help: string; label?: string }
  | { type: 'string'; default: string; help: string; label?: string }
  | { type: 'layer'; default: string; help: string; label?: string; filter?: 'spatial' | 'any' }
  | { type: 'tensor'; help: string; label?: string; optional: true };

/** The `params` record of a plugin: option name → its schema. */
export type ParamsSchema = Readonly<Record<string, ParamSpec>>;

/** The values a schema describes; what a UI or CLI hands back. */
export type ParamValues = Record<string, number | boolean | string | unknown>;

function fail(name: string, message: string): never {
  throw new OptionError(`Option "${name}" ${message}`);
}

/** Checks one value against its spec; throws `OptionError` saying what is allowed. */
export function validateParam(name: string, spec: ParamSpec, value: unknown): void {
  if (value === undefined) return;
  switch (spec.type) {
    case 'number': {
      if (typeof value !== 'number' || Number.isNaN(value))
        fail(name, `must be a number; got ${JSON.stringify(value)}.`);
      if (spec.integer && !Number.isInteger(value)) fail(name, `must be a whole number; got ${value}.`);
      if (spec.min !== undefined && value < spec.min) fail(name, `must be ≥ ${spec.min}; got ${value}.`);
      if (spec.max !== undefined && value > spec.max) fail(name, `must be ≤ ${spec.max}; got ${value}.`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail(name, `must be true or false; got ${JSON.stringify(value)}.`);
      return;
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) {
        // Enum params may also accept a tensor or number where the plugin documents it (e.g. a baseline).
        if (typeof value === 'string')
          fail(name, `must be one of ${spec.values.map((v) => `'${v}'`).join(', ')}; got '${value}'.`);
      }
      return;
    case 'string':
    case 'layer':
      if (typeof value !== 'string') fail(name, `must be a string; got ${JSON.stringify(value)}.`);
      return;
    case 'tensor':
      return;
  }
}

/** Fills defaults for missing options and validates the given ones. Keys outside the schema pass through. */
export function applyParams<T extends Record<string, unknown>>(
  schema: ParamsSchema,
  values: T,
): T & ParamValues {
  const out: Record<string, unknown> = { ...values };
  for (const [name, spec] of Object.entries(schema)) {
    validateParam(name, spec, values[name]);
    if (values[name] === undefined && 'default' in spec) out[name] = spec.default;
  }
  return out as T & ParamValues;
}

/**
 * Parses a string (from a CLI flag or a URL) into a value of the spec's type and validates it.
 * Throws `OptionError` for unparsable or out-of-range text.
 */
export function parseParamValue(name: string, spec: ParamSpec, text: string): number | boolean | string {
  let value: number | boolean | string;
  switch (spec.type) {
    case 'number':
      value = Number(text);
      if (text.trim() === '' || Number.isNaN(value)) fail(name, `must be a number; got "${text}".`);
      break;
    case 'boolean':
      if (!['true', 'false', '1', '0', 'yes', 'no'].includes(text))
        fail(name, `must be true or false; got "${text}".`);
      value = ['true', '1', 'yes'].includes(text);
      break;
    case 'tensor':
      fail(name, 'takes a tensor and cannot be given as text.');
      break;
    default:
      value = text;
  }
  validateParam(name, spec, value);
  return value;
}
