import { isArxivId, type Paper } from '../papers/paper.ts';
import type { SearchState } from '../search/search-state.ts';
import type { Store } from '../store/store.ts';

/** The paper a button names (Save, 👍/👎): in the search index, or in the corpus when the id is an arXiv id. */
export async function paperOfButton(
  deps: { searchState: Pick<SearchState, 'find'>; store: Pick<Store, 'getPaperByArxivId'> },
  paperId: string,
): Promise<Paper | null> {
  const found = await deps.searchState.find(paperId);
  if (found) return found;
  if (isArxivId(paperId)) return deps.store.getPaperByArxivId(paperId);
  return null;
}
