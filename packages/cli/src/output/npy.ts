/**
 * Encodes float32 values as a NumPy .npy file (format version 1.0: magic, header length, a Python dict
 * literal padded so the data starts on a 64-byte boundary, then little-endian float32 data), readable
 * with `numpy.load`.
 */
export function encodeNpy(values: Float32Array, shape: readonly number[]): Uint8Array {
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const preamble = 10;
  const padding = (64 - ((preamble + header.length + 1) % 64)) % 64;
  header = `${header}${' '.repeat(padding)}\n`;
  const out = new Uint8Array(preamble + header.length + values.byteLength);
  out.set([0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(
    Array.from(header, (c) => c.charCodeAt(0)),
    preamble,
  );
  const data = new DataView(out.buffer, preamble + header.length);
  for (let i = 0; i < values.length; i++) data.setFloat32(i * 4, values[i], true);
  return out;
}

/** Reads a float32 .npy written by {@link encodeNpy} (for tests and round trips). */
export function decodeNpy(bytes: Uint8Array): { shape: number[]; values: Float32Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
  const shapeText = header.match(/'shape': \(([^)]*)\)/)?.[1] ?? '';
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = view.getFloat32(10 + headerLength + i * 4, true);
  return { shape, values };
}
