import { Packr } from 'msgpackr';

// Plain MessagePack maps (no record extension): the bytes depend only on the value, so a retried job
// writes exactly the bytes of the first try. Typed arrays travel as msgpackr's typed-array extension.
const packr = new Packr({ useRecords: false, moreTypes: true });

/** A stored result as bytes. */
export function encodeResult(value: unknown): Uint8Array {
  return packr.pack(value);
}

/** A stored result from its bytes. */
export function decodeResult<T>(bytes: Uint8Array): T {
  return packr.unpack(bytes) as T;
}
