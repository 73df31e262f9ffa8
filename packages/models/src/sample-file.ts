import { ModelLoadError } from '@loupe/core';
import { DIGIT_PIXELS, SAMPLE_HEADER_BYTES, SAMPLE_MAGIC, type SampleBytes } from './sample-format.js';

/** Decodes {@link encodeSampleFile}'s format, checking the magic bytes and the length. */
export function decodeSampleFile(bytes: Uint8Array, source: string): SampleBytes {
  const magicOk = SAMPLE_MAGIC.every((b, i) => bytes[i] === b);
  if (bytes.byteLength < SAMPLE_HEADER_BYTES || !magicOk) {
    throw new ModelLoadError(`${source} is not a Loupe MNIST sample file (it does not start with "LMS1").`);
  }
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const expected = SAMPLE_HEADER_BYTES + count * (DIGIT_PIXELS + 1);
  if (bytes.byteLength !== expected) {
    throw new ModelLoadError(
      `${source} declares ${count} digits (${expected} bytes) but holds ${bytes.byteLength} bytes; ` +
        'it is truncated. Reinstall @loupe/models or re-run its training script.',
    );
  }
  const pixelsEnd = SAMPLE_HEADER_BYTES + count * DIGIT_PIXELS;
  return {
    pixels: bytes.subarray(SAMPLE_HEADER_BYTES, pixelsEnd),
    labels: bytes.subarray(pixelsEnd, pixelsEnd + count),
    count,
  };
}
