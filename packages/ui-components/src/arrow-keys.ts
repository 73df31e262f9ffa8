/**
 * The move an arrow key asks for, `step` pixels along its direction (screen axes: down is +y), or
 * undefined for any other key. Shared by every element that moves something with the arrows.
 */
export function arrowMove(key: string, step: number): [number, number] | undefined {
  if (key === 'ArrowLeft') return [-step, 0];
  if (key === 'ArrowRight') return [step, 0];
  if (key === 'ArrowUp') return [0, -step];
  if (key === 'ArrowDown') return [0, step];
  return undefined;
}
