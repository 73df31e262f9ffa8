import type { GramExports } from './gram-module.js';

/** What a job's tasks do: 0 = `tile(r0, r1, c0, c1)`, 1 = `exponentiate(at, count, gamma)`. */
export type GramOp = 0 | 1;

/** Runs task `t` of a job (quadruples in `tasks`). */
export function runTask(exports: GramExports, op: GramOp, gamma: number, tasks: Int32Array, t: number): void {
  if (op === 1) exports.exponentiate(tasks[4 * t], tasks[4 * t + 1], gamma);
  else exports.tile(tasks[4 * t], tasks[4 * t + 1], tasks[4 * t + 2], tasks[4 * t + 3]);
}

/**
 * Pulls tasks until none are left, marking each done; returns how many it computed. Run by the calling
 * thread and by every worker on the same shared memory, so whoever is free takes the next task.
 * `ctrl` = [next, done, flag per task]. The worker pool serialises this function and `runTask` into its
 * workers, so both must stay self-contained.
 */
export function pullTasks(
  exports: GramExports,
  ctrl: Int32Array,
  tasks: Int32Array,
  op: GramOp,
  gamma: number,
): number {
  const count = tasks.length / 4;
  for (let pulled = 0; ; pulled++) {
    const t = Atomics.add(ctrl, 0, 1);
    if (t >= count) return pulled;
    runTask(exports, op, gamma, tasks, t);
    Atomics.store(ctrl, 2 + t, 1);
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}
