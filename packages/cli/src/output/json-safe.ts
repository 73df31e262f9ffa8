/**
 * A copy of a value that `JSON.stringify` writes faithfully: typed arrays become arrays, non-finite
 * numbers become null, tensors, functions and other class instances are dropped.
 */
export function jsonSafe(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>, (v) => jsonSafe(v));
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const safe = jsonSafe(v);
      if (safe !== undefined) out[k] = safe;
    }
    return out;
  }
  return undefined;
}
