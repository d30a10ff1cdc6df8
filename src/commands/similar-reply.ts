import type { SearchState } from '../search/search-state.ts';
import { errorMessage } from '../views/error.ts';
import type { Message } from '../views/message.ts';
import { similarPapersMessage } from '../views/similar-papers.ts';

/** How many similar papers the reply shows. */
export const SIMILAR_COUNT = 5;

/** "Similar" under a paper (Slack's button, the console's `similar N`): the papers most like it. */
export async function similarReply(searchState: SearchState, paperId: string): Promise<Message> {
  const paper = await searchState.find(paperId);
  // Read after find: catching up may have swapped in a newer index.
  const search = searchState.current;
  if (!search) return errorMessage('The paper index is still loading. Try again in a moment.');
  if (!paper) return errorMessage("I couldn't find that paper any more. Search again and try Similar from the new results.");
  return similarPapersMessage(paper, search.similar(paper.id, SIMILAR_COUNT));
}
