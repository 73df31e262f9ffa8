import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError, RegistryError } from '../errors.js';
import { cpuBackend } from './cpu.js';
import { markBackendLost } from './loss-guard.js';
import { backendSelfTest, type SelfTestResult } from './self-test.js';
import type { BackendPlugin, BackendStatus } from './types.js';

const plugins = new Map<string, BackendPlugin>([[cpuBackend.name, cpuBackend]]);
/** Self-test results of the backends `useBackend('auto')` tried in this process: facts about the machine. */
const selfTests = new Map<string, SelfTestResult>();

/** What happened to the active backend: switched by `useBackend`, or lost (e.g. GPU device lost) and replaced. */
export interface BackendEvent {
  type: 'changed' | 'lost';
  /** The backend now active. */
  name: string;
  /** The backend that was lost, for `'lost'`. */
  lost?: string;
  reason?: string;
  /** Backends `useBackend('auto')` passed over because their self-test failed, with why. */
  skipped?: { name: string; reason: string }[];
}

const listeners = new Set<(event: BackendEvent) => void>();

/** Registers a backend plugin. Throws `RegistryError` when the name is taken (unregister it first). */
export function registerBackend(plugin: BackendPlugin): void {
  if (plugins.has(plugin.name)) {
    throw new RegistryError(
      `A backend named "${plugin.name}" is already registered. Call unregisterBackend("${plugin.name}") first to replace it.`,
    );
  }
  plugins.set(plugin.name, plugin);
}

/** Removes a backend plugin (the built-in cpu backend cannot be removed). Returns whether one was removed. */
export function unregisterBackend(name: string): boolean {
  if (name === cpuBackend.name) return false;
  return plugins.delete(name);
}

/** The registered plugin by name, or undefined. */
export function getBackendPlugin(name: string): BackendPlugin | undefined {
  return plugins.get(name);
}

/** Every registered backend, highest priority first, with whether it can run here and why not. */
export async function listBackends(): Promise<BackendStatus[]> {
  const active = tf.getBackend();
  const rows = await Promise.all(
    [...plugins.values()].map(async (p): Promise<BackendStatus> => {
      const availability = await safeAvailability(p);
      const capabilities = await p.capabilities?.().catch(() => undefined);
      const selfTest = selfTests.get(p.name);
      return {
        name: p.name,
        priority: p.priority,
        label: p.label ?? p.name,
        active: p.name === active,
        ...availability,
        ...(capabilities ? { capabilities } : {}),
        ...(selfTest ? { selfTest } : {}),
      };
    }),
  );
  return rows.sort((a, b) => b.priority - a.priority);
}

async function safeAvailability(p: BackendPlugin) {
  try {
    return await p.isAvailable();
  } catch (err) {
    return { available: false, reason: `isAvailable() threw: ${(err as Error).message}` };
  }
}

async function activate(p: BackendPlugin): Promise<void> {
  await p.setup();
  const ok = await tf.setBackend(p.name);
  await tf.ready();
  if (!ok || tf.getBackend() !== p.name) {
    throw new BackendUnavailableError(
      `Backend "${p.name}" was set up but tfjs is running "${tf.getBackend()}" instead; it failed to initialise.`,
    );
  }
}

/**
 * Makes a backend active. `'auto'` (default) tries registered backends by priority (webgpu > node > wasm
 * > cpu) and takes the first that is available, initialises and passes a quick self-test (a convolution
 * and its input gradient checked against exact values, `backendSelfTest`); a backend that fails is skipped,
 * with the reason in `listBackends()` (`selfTest`) and in the `'changed'` event (`skipped`). A name takes
 * that backend (no self-test) or throws `BackendUnavailableError` with the reason. Resolves to the active
 * backend's name.
 */
export async function useBackend(choice: 'auto' | (string & {}) = 'auto'): Promise<string> {
  if (choice !== 'auto') {
    const p = plugins.get(choice);
    if (!p) {
      throw new RegistryError(
        `Unknown backend "${choice}". Registered: ${[...plugins.keys()].join(', ')}. Register its plugin with registerBackend() first.`,
      );
    }
    const availability = await safeAvailability(p);
    if (!availability.available) {
      throw new BackendUnavailableError(
        `Backend "${choice}" is unavailable: ${availability.reason ?? 'no reason given'}`,
      );
    }
    await activate(p);
    emit({ type: 'changed', name: p.name });
    return p.name;
  }
  const failures: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const previous = tf.getBackend();
  for (const p of [...plugins.values()].sort((a, b) => b.priority - a.priority)) {
    const availability = await safeAvailability(p);
    if (!availability.available) {
      failures.push(`${p.name}: ${availability.reason ?? 'unavailable'}`);
      continue;
    }
    try {
      await activate(p);
    } catch (err) {
      failures.push(`${p.name}: ${(err as Error).message}`);
      continue;
    }
    const test = await backendSelfTest();
    selfTests.set(p.name, test);
    if (!test.passed) {
      const reason = `self-test failed: ${test.reason}`;
      skipped.push({ name: p.name, reason });
      failures.push(`${p.name}: ${reason}`);
      continue;
    }
    emit({ type: 'changed', name: p.name, ...(skipped.length ? { skipped } : {}) });
    return p.name;
  }
  // Nothing passed: leave tfjs on the backend it had rather than on a failing one.
  if (previous && tf.getBackend() !== previous) await tf.setBackend(previous).catch(() => false);
  throw new BackendUnavailableError(`No backend could start. ${failures.join('; ')}`);
}

/** Subscribes to backend changes and losses; returns the unsubscribe function. */
export function onBackendEvent(listener: (event: BackendEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(event: BackendEvent): void {
  for (const l of listeners) l(event);
}

/**
 * Called by a backend plugin when its device is gone (e.g. WebGPU device lost): calls running on it
 * (inside `explain` or `guardBackendLoss`) reject with `BackendLostError`, then it switches to the best
 * remaining backend and tells listeners (a `'lost'` event). Resolves to the backend now active.
 */
export async function reportBackendLost(name: string, reason: string): Promise<string> {
  // Calls running on the lost backend stop now, before the switch (which can take a while).
  markBackendLost(name, reason);
  const remaining = [...plugins.values()]
    .filter((p) => p.name !== name)
    .sort((a, b) => b.priority - a.priority);
  for (const p of remaining) {
    if (!(await safeAvailability(p)).available) continue;
    try {
      await activate(p);
      emit({ type: 'lost', name: p.name, lost: name, reason });
      return p.name;
    } catch {
      // try the next one
    }
  }
  throw new BackendUnavailableError(
    `Backend "${name}" was lost (${reason}) and no other backend could start.`,
  );
}
