import { parseVocabulary } from '@loupe/core';
import { fetchText, parseLabels } from './load-model.js';
import type { SideFiles } from './session.js';

/** A JSON object whose keys are tokens (not indices) and whose values are ids: a vocabulary, not labels. */
function isVocabularyObject(doc: unknown): boolean {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const entries = Object.entries(doc as Record<string, unknown>);
  return (
    entries.length > 0 &&
    entries.some(([k]) => !/^\d+$/.test(k)) &&
    entries.every(([, v]) => typeof v === 'number')
  );
}

/**
 * What was dropped beside a model besides model.json and its weights: a labels .json (an array of class
 * names, or `{"0": "name"}`) and a vocabulary (a `{"token": id}` .json, or a .txt with one token per line).
 * Throws the parsers' typed errors for a file that is neither.
 */
export async function readSideFiles(files: readonly File[]): Promise<SideFiles> {
  const side: SideFiles = {};
  for (const file of files) {
    if (file.name.endsWith('.txt')) {
      side.vocabulary = parseVocabulary(await file.text());
      continue;
    }
    if (!file.name.endsWith('.json')) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(await file.text());
    } catch {
      continue;
    }
    if (typeof doc === 'object' && doc !== null && 'modelTopology' in doc) continue;
    if (isVocabularyObject(doc)) side.vocabulary = parseVocabulary(JSON.stringify(doc));
    else side.labels = parseLabels(doc, file.name);
  }
  return side;
}

/** Fetches a vocabulary from a URL (JSON `{ "token": id }` or one token per line). */
export async function loadVocabulary(url: string): Promise<SideFiles['vocabulary']> {
  return parseVocabulary(await fetchText(new URL(url, location.href).href, 'vocabulary'));
}
