/** An attribution read back to JS, kept so other tabs (deletion/insertion curves) reuse it. */
export interface StoredAttribution {
  method: string;
  label: string;
  values: Float32Array;
  shape: number[];
  target: number | null;
  millis: number;
  backend: string;
  meta: Record<string, unknown>;
}

/**
 * The key an attribution is stored under: same model, input, backend, method and options → same result
 * (the backend belongs in it because the time and backend shown with a map describe where it ran).
 */
export function attributionKey(
  modelId: number,
  inputVersion: number,
  method: string,
  params: unknown,
  backend: string,
): string {
  return `${modelId}:${inputVersion}:${backend}:${method}:${JSON.stringify(params ?? {})}`;
}

/** Latest attributions by key; entries for older inputs or models are dropped when a new one arrives. */
export class AttributionStore {
  private readonly entries = new Map<string, StoredAttribution>();

  get(key: string): StoredAttribution | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: StoredAttribution): void {
    const prefix = key.split(':').slice(0, 2).join(':');
    for (const k of this.entries.keys()) if (!k.startsWith(`${prefix}:`)) this.entries.delete(k);
    this.entries.set(key, value);
  }
}
