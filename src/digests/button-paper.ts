import { isArxivId, type Paper } from '../papers/paper.ts';
import type { SearchState } from '../search/search-state.ts';
import type { Store } from '../store/store.ts';
import { collapseWhitespace, neutralizeFormatting, truncate } from '../views/mrkdwn.ts';

/**
 * The paper a button names (Save, 👍/👎): in the search index, else in the corpus (by id, or by arXiv id when the value
 * is one). A paper withdrawn since the button was drawn is in no index: it comes from the corpus with `withdrawnAt`, so
 * the answer can say so rather than that it is gone.
 */
export async function paperOfButton(
  deps: { searchState: Pick<SearchState, 'find'>; store: Pick<Store, 'getPaperByArxivId' | 'getPaper'> },
  paperId: string,
): Promise<Paper | null> {
  const found = await deps.searchState.find(paperId);
  if (found) return found;
  const stored = await deps.store.getPaper(paperId);
  if (stored) return stored;
  if (isArxivId(paperId)) return deps.store.getPaperByArxivId(paperId);
  return null;
}

/** “Title” of a withdrawn paper, for an error line (errorMessage escapes it; formatting markers are neutralized here). */
export function withdrawnTitle(title: string): string {
  return `\u201c${truncate(neutralizeFormatting(collapseWhitespace(title)), 200) || 'That paper'}\u201d`;
}
