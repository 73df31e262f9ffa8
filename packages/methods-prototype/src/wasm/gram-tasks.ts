import type { GramExports } from './gram-module.js';

/**
 * Pulls tasks until none are left, marking each done; returns how many it computed. Run by the calling thread and by every worker on
 * the same shared memory, so whoever is free takes the next tile. `ctrl` = [next, done, flag per task].
 * The worker pool serialises this function into its workers, so it must stay self-contained.
 */
export function pullTasks(exports: GramExports, ctrl: Int32Array, tasks: Int32Array): number {
  const count = tasks.length / 4;
  for (let pulled = 0; ; pulled++) {
    const t = Atomics.add(ctrl, 0, 1);
    if (t >= count) return pulled;
    exports.tile(tasks[4 * t], tasks[4 * t + 1], tasks[4 * t + 2], tasks[4 * t + 3]);
    Atomics.store(ctrl, 2 + t, 1);
    Atomics.add(ctrl, 1, 1);
    Atomics.notify(ctrl, 1);
  }
}
