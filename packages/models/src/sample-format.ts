// The shipped sample set's binary layout; no imports so the training script can use it directly.
/** First four bytes of a Loupe MNIST sample file ("LMS1"). */
export const SAMPLE_MAGIC = [0x4c, 0x4d, 0x53, 0x31];
/** Bytes before the pixels: the magic and the count. */
export const SAMPLE_HEADER_BYTES = 8;
/** Pixels per 28×28 digit. */
export const DIGIT_PIXELS = 28 * 28;

/** Digits as bytes: `count` × 784 row-major pixels (0 = background, 255 = ink), one label each. */
export interface SampleBytes {
  pixels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/**
 * Encodes digits in the shipped sample format: "LMS1", the count as a little-endian uint32,
 * the pixels (uint8), then the labels (uint8). 785 bytes per digit plus 8.
 */
export function encodeSampleFile(samples: SampleBytes): Uint8Array {
  const out = new Uint8Array(SAMPLE_HEADER_BYTES + samples.count * (DIGIT_PIXELS + 1));
  out.set(SAMPLE_MAGIC, 0);
  new DataView(out.buffer).setUint32(4, samples.count, true);
  out.set(samples.pixels.subarray(0, samples.count * DIGIT_PIXELS), SAMPLE_HEADER_BYTES);
  out.set(samples.labels.subarray(0, samples.count), SAMPLE_HEADER_BYTES + samples.count * DIGIT_PIXELS);
  return out;
}
