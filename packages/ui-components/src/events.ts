/**
 * Dispatches a bubbling, composed `CustomEvent` (it crosses shadow roots, so a page can listen on any
 * ancestor). Returns whether no listener called `preventDefault()`.
 */
export function emit<T>(target: EventTarget, type: string, detail: T, cancelable = false): boolean {
  return target.dispatchEvent(
    new CustomEvent<T>(type, { detail, bubbles: true, composed: true, cancelable }),
  );
}

/** A readable message from anything thrown: the error's message, or its text. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
