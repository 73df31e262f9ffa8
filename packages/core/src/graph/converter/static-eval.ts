/**
 * Evaluation of the small integer computations converter graphs do on tensor shapes (Shape → StridedSlice
 * → Pack → Reshape, Shape → Mul → Conv2DBackpropInput …), in plain JavaScript at translation time. Each
 * value keeps which entries depend on the batch size: those become −1 where a reshape or an output shape
 * reads them (the graph then runs any batch), and arithmetic on them gives up (the op then runs as the
 * converter's own op).
 */
export interface HostValue {
  data: number[];
  shape: number[];
  /** Entries that stand for the batch size (symbolic). */
  batch: boolean[];
}

/** A host value from plain numbers (no batch dependence). */
export function hostOf(data: ArrayLike<number>, shape: readonly number[]): HostValue {
  return { data: Array.from(data), shape: [...shape], batch: Array.from(data, () => false) };
}

/** The shape vector of a tensor whose first dimension is the (free) batch. */
export function shapeValue(shape: readonly number[]): HostValue {
  return { data: [...shape], shape: [shape.length], batch: shape.map((_, i) => i === 0) };
}

/** The value's numbers with batch entries as −1 (what reshapes and output shapes expect). */
export function resolved(v: HostValue): number[] {
  return v.data.map((d, i) => (v.batch[i] ? -1 : d));
}

type Attr = <T>(name: string, fallback: T) => T;

function pick(v: HostValue, indices: number[], shape: number[]): HostValue {
  return { data: indices.map((i) => v.data[i]), batch: indices.map((i) => v.batch[i]), shape };
}

/** StridedSlice of a 1-D value (shape vectors), TensorFlow masks on that one axis. */
function stridedSlice1d(
  x: HostValue,
  begin: number[],
  end: number[],
  strides: number[],
  attr: Attr,
): HostValue | null {
  if (x.shape.length !== 1 || attr('ellipsisMask', 0) !== 0 || attr('newAxisMask', 0) !== 0) return null;
  const n = x.shape[0];
  const s = strides[0] ?? 1;
  const clamp = (i: number) => Math.min(Math.max(i < 0 ? i + n : i, s > 0 ? 0 : -1), s > 0 ? n : n - 1);
  if (attr('shrinkAxisMask', 0) & 1) {
    const i = begin[0] < 0 ? begin[0] + n : begin[0];
    return pick(x, [i], []);
  }
  const b = attr('beginMask', 0) & 1 ? (s > 0 ? 0 : n - 1) : clamp(begin[0]);
  const e = attr('endMask', 0) & 1 ? (s > 0 ? n : -1) : clamp(end[0]);
  const indices: number[] = [];
  for (let i = b; s > 0 ? i < e : i > e; i += s) indices.push(i);
  return pick(x, indices, [indices.length]);
}

function elementwise(a: HostValue, b: HostValue, f: (p: number, q: number) => number): HostValue | null {
  if (a.batch.some(Boolean) || b.batch.some(Boolean)) return null;
  const [big, small] = a.data.length >= b.data.length ? [a, b] : [b, a];
  if (small.data.length !== 1 && small.data.length !== big.data.length) return null;
  const at = (v: HostValue, i: number) => v.data[v.data.length === 1 ? 0 : i];
  return hostOf(
    big.data.map((_, i) => f(at(a, i), at(b, i))),
    big.shape,
  );
}

const ARITHMETIC: Record<string, (p: number, q: number) => number> = {
  Add: (p, q) => p + q,
  AddV2: (p, q) => p + q,
  Sub: (p, q) => p - q,
  Mul: (p, q) => p * q,
  FloorDiv: (p, q) => Math.floor(p / q),
  RealDiv: (p, q) => p / q,
  Maximum: (p, q) => Math.max(p, q),
  Minimum: (p, q) => Math.min(p, q),
};

/** One converter op on host values, or null when it is not one of the shape computations handled here. */
export function evaluateStatic(op: string, inputs: readonly HostValue[], attr: Attr): HostValue | null {
  const [x] = inputs;
  if (op in ARITHMETIC && inputs.length === 2) return elementwise(inputs[0], inputs[1], ARITHMETIC[op]);
  switch (op) {
    case 'Identity':
    case 'Cast':
      return x;
    case 'Size':
      return x.batch.some(Boolean) ? null : hostOf([x.data.reduce((p, q) => p * q, 1)], []);
    case 'StridedSlice':
      return stridedSlice1d(x, inputs[1].data, inputs[2].data, inputs[3]?.data ?? [1], attr);
    case 'Pack':
    case 'ConcatV2': {
      const parts = op === 'ConcatV2' ? inputs.slice(0, -1) : inputs;
      if (parts.some((p) => p.shape.length > 1) || (op === 'Pack' && attr('axis', 0) !== 0)) return null;
      return {
        data: parts.flatMap((p) => p.data),
        batch: parts.flatMap((p) => p.batch),
        shape: [parts.reduce((n, p) => n + p.data.length, 0)],
      };
    }
    case 'Squeeze':
    case 'ExpandDims':
    case 'Reshape':
      return { ...x, shape: x.data.length === 1 ? [] : [x.data.length] };
    case 'Prod':
      return x.batch.some(Boolean) ? null : hostOf([x.data.reduce((p, q) => p * q, 1)], []);
    case 'GatherV2': {
      const indices = inputs[1].data.map((i) => (i < 0 ? i + x.data.length : i));
      return x.shape.length === 1 ? pick(x, indices, inputs[1].shape) : null;
    }
    default:
      return null;
  }
}
