import type { SearchState } from '../search/search-state.ts';
import type { UnfurlService } from '../unfurl/unfurl-service.ts';
import type { Paper } from '../papers/paper.ts';
import type { Message } from '../views/message.ts';
import { namedPapersMessage, type MissingPaper } from '../views/named-papers.ts';
import { similarReply } from './similar-reply.ts';

export interface NamedPaperDeps {
  /** Finds a paper by arXiv id: the corpus, else Hugging Face and arXiv (the lookup pasted links use). */
  unfurl: Pick<UnfurlService, 'paperFor'>;
  searchState: SearchState;
}

/** `/paper <arXiv id|link> …`: the papers, looked up when the corpus lacks them, in the order named. */
export async function namedPapersReply(deps: NamedPaperDeps, ids: readonly string[]): Promise<Message> {
  const named = await Promise.all(ids.map(async (arxivId) => ({ arxivId, found: await deps.unfurl.paperFor(arxivId) })));
  const papers: Paper[] = [];
  const missing: MissingPaper[] = [];
  for (const { arxivId, found } of named) {
    if (found.status === 'found') papers.push(found.paper);
    else missing.push({ arxivId, reason: found.status });
  }
  return namedPapersMessage(papers, missing);
}

/** `/paper similar <arXiv id|link>`: what the Similar button under that paper gives. */
export async function similarToNamedReply(deps: NamedPaperDeps, arxivId: string): Promise<Message> {
  const found = await deps.unfurl.paperFor(arxivId);
  if (found.status !== 'found') return namedPapersMessage([], [{ arxivId, reason: found.status }]);
  return similarReply(deps.searchState, found.paper.id);
}
