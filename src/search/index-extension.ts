/** A search extended rather than rebuilt: which papers changed since a base was indexed, and the base plus them. */
import type { Paper } from '../papers/paper.ts';
import { buildIndexInWorker, WORKER_MIN_PAPERS } from './build-in-worker.ts';
import { paperFingerprint } from './index-cache.ts';
import { loadPackedIndex } from './retrieve/packed-index.ts';
import { extendPaperSearch, type RankingOptions } from './paper-index.ts';
import type { PaperSearch } from './types.ts';

/**
 * Most papers (added, changed or removed) put in a recent index on top of a base instead of rebuilding everything:
 * a fifth of the base, at least 1,000. (A recent index of 1,000 papers builds in about half a second.)
 */
export function recentLimit(baseSize: number): number {
  return Math.max(1000, Math.floor(baseSize / 5));
}

/** Which of `papers` a base indexed as they are (same fingerprint), and which are new or changed. */
export function corpusChanges(base: ReadonlyMap<string, string>, papers: readonly Paper[]): { unchanged: Paper[]; changed: Paper[] } {
  const unchanged: Paper[] = [];
  const changed: Paper[] = [];
  const seen = new Set<string>();
  for (const paper of papers) {
    if (seen.has(paper.id)) continue;
    seen.add(paper.id);
    (base.get(paper.id) === paperFingerprint(paper) ? unchanged : changed).push(paper);
  }
  return { unchanged, changed };
}

/**
 * `base` with `changed` papers added (or replacing theirs) and `removedIds` gone: only the changed are indexed, in a
 * worker when they are many.
 */
export async function extendSearch(
  base: PaperSearch,
  changed: readonly Paper[],
  options: { ranking?: Partial<RankingOptions>; workerMinPapers?: number; removedIds?: readonly string[] } = {},
): Promise<{ search: PaperSearch; builtIn: 'worker' | 'main' }> {
  const removedIds = options.removedIds ?? [];
  if (changed.length >= (options.workerMinPapers ?? WORKER_MIN_PAPERS)) {
    const built = await buildIndexInWorker(changed, options.ranking ?? {}, null, false);
    return { search: extendPaperSearch(base, changed, { removedIds, index: loadPackedIndex(built.body) }), builtIn: 'worker' };
  }
  return { search: extendPaperSearch(base, changed, { removedIds }), builtIn: 'main' };
}
