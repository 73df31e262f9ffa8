import { type ExplainerPlugin, getExplainer } from '@loupe/core';
import type { MethodCell } from '@loupe/ui-components';
import type { MethodOutcome } from '../runtime/run-attributions.js';

/**
 * "Authors Year" of a plugin's reference ("Simonyan, Vedaldi & Zisserman (2014), Deep Inside…" →
 * "Simonyan et al. 2014"): short enough for one line under a method's name.
 */
export function shortCitation(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const first = reference.split(';')[0];
  const match = /^(.*?)[\s,(]*((?:19|20)\d\d)\b/.exec(first);
  if (!match) return first.slice(0, 60);
  const names = match[1]
    .replace(/[(),]+$/, '')
    .split(/,|&| and /)
    .map((n) => n.trim())
    .filter(Boolean);
  const authors = names.length > 2 ? `${names[0]} et al.` : names.join(' & ');
  return `${authors} ${match[2]}`;
}

function pluginOf(method: string): ExplainerPlugin | undefined {
  try {
    return getExplainer(method);
  } catch {
    return undefined;
  }
}

/** A cell for a method that has not finished: its name, what it shows and its paper, and its progress. */
export function pendingCell(method: string): MethodCell {
  const plugin = pluginOf(method);
  const reference = shortCitation(plugin?.reference);
  return {
    method,
    label: plugin?.label ?? method,
    ...(plugin ? { description: plugin.description } : {}),
    ...(reference ? { reference } : {}),
  };
}

/** The cell of a finished method: its map with time and backend, or why it failed. */
export function finishedCell(pending: MethodCell, outcome: MethodOutcome): MethodCell {
  if ('error' in outcome) return { ...pending, error: outcome.error };
  const r = outcome.result;
  return {
    ...pending,
    label: r.label,
    attribution: { values: r.values, shape: r.shape },
    millis: r.millis,
    backend: r.backend,
  };
}
