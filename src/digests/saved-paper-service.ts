import type { Logger } from '../logger.ts';
import type { SearchState } from '../search/search-state.ts';
import type { SavedPaper, Store } from '../store/store.ts';
import { bibtexCodeBlocks, bibtexEntries } from '../views/bibtex.ts';
import { errorMessage } from '../views/error.ts';
import type { AnswerSurface, Message } from '../views/message.ts';
import {
  SAVED_PAGE_SIZE,
  saveOutcomeMessage,
  savedBibtexMessage,
  savedListMessage,
  savedPageCount,
  type SavedPaperItem,
} from '../views/saved-papers.ts';
import { paperOfButton, withdrawnTitle } from './button-paper.ts';

export interface SavedPaperDeps {
  store: Store;
  searchState: SearchState;
  logger: Logger;
  clock: () => Date;
}

/** Code blocks per page of `/paper saved bibtex` (each under 3,000 characters: the message stays under ~9k). */
export const BIBTEX_BLOCKS_PER_PAGE = 3;
/** Most saved papers one BibTeX export reads. */
const BIBTEX_MAX_PAPERS = 1000;

export const UNKNOWN_PAPER = "I couldn't find that paper any more. Search for it again and press Save on the new result.";
export const SAVE_WARMING_UP = 'The paper index is still loading, so nothing was saved. Give me a few seconds and press Save again.';

function item(saved: SavedPaper): SavedPaperItem {
  return {
    paperId: saved.paperId,
    arxivId: saved.arxivId,
    title: saved.title,
    authors: saved.authors,
    date: saved.date,
    url: saved.url,
    savedAt: saved.savedAt,
    readAt: saved.readAt,
    withdrawnAt: saved.withdrawnAt,
  };
}

export interface SavedPage {
  items: SavedPaperItem[];
  total: number;
  /** The page shown (clamped to the pages there are). */
  page: number;
}

/**
 * Saved papers (issue 17): per person (team + user), saved from any Save button, listed by `/paper saved` and on
 * the App Home tab, exported as BibTeX. Saving twice changes nothing; a removed paper can be saved again.
 */
export class SavedPaperService {
  constructor(private readonly deps: SavedPaperDeps) {}

  /** Save: the ephemeral answer for the person who clicked (`answer`: what the surface offers besides `/paper saved`). */
  async save(teamId: string, userId: string, paperId: string, answer: AnswerSurface): Promise<Message> {
    const paper = await paperOfButton(this.deps, paperId);
    // Right after a restart the index is not loaded yet: the paper is most likely there, just not readable.
    if (!paper) return errorMessage(this.deps.searchState.current ? UNKNOWN_PAPER : SAVE_WARMING_UP);
    // Withdrawn since the button was drawn: out of every search and digest, so not started on a reading list either.
    // One saved before stays, marked withdrawn: its owner is told so, not that nothing was saved.
    if (paper.withdrawnAt !== undefined) {
      const kept = await this.deps.store.getSavedPaper(teamId, userId, paper.id);
      if (kept) return saveOutcomeMessage('withdrawn_kept', kept.title, answer);
      return errorMessage(`${withdrawnTitle(paper.title)} was withdrawn, so nothing was saved.`);
    }
    const { created } = await this.deps.store.savePaper({ teamId, userId, paper, now: this.deps.clock() });
    if (created) this.deps.logger.info(`saved: ${userId} in ${teamId} saved ${paper.id}`);
    return saveOutcomeMessage(created ? 'saved' : 'already_saved', paper.title, answer);
  }

  /** Mark read: a one-line outcome for the Home tab. */
  async markRead(teamId: string, userId: string, paperId: string): Promise<string> {
    const saved = await this.deps.store.markSavedPaperRead(teamId, userId, paperId, this.deps.clock());
    return saved ? `Marked "${saved.title}" read.` : GONE;
  }

  /** Remove: a one-line outcome for the Home tab. */
  async remove(teamId: string, userId: string, paperId: string): Promise<string> {
    const page = await this.deps.store.listSavedPapers(teamId, userId, { offset: 0, limit: BIBTEX_MAX_PAPERS });
    const title = page.papers.find((p) => p.paperId === paperId)?.title;
    const removed = await this.deps.store.removeSavedPaper(teamId, userId, paperId);
    return removed ? `Removed "${title ?? 'the paper'}" from your saved papers.` : GONE;
  }

  /** One page of the person's saved papers, newest first (`page` clamped). */
  async page(teamId: string, userId: string, page: number, pageSize = SAVED_PAGE_SIZE): Promise<SavedPage> {
    const wanted = Math.max(0, Math.floor(Number.isFinite(page) ? page : 0));
    let result = await this.deps.store.listSavedPapers(teamId, userId, { offset: wanted * pageSize, limit: pageSize });
    const last = savedPageCount(result.total, pageSize) - 1;
    if (wanted > last) result = await this.deps.store.listSavedPapers(teamId, userId, { offset: last * pageSize, limit: pageSize });
    return { items: result.papers.map(item), total: result.total, page: Math.min(wanted, last) };
  }

  /** `/paper saved [page]` (1-based page as typed; `answer`: the surface, whose Home tab may have Mark read and Remove). */
  async list(teamId: string, userId: string, page: number, answer: AnswerSurface): Promise<Message> {
    const index = Math.max(0, page - 1);
    const result = await this.deps.store.listSavedPapers(teamId, userId, { offset: index * SAVED_PAGE_SIZE, limit: SAVED_PAGE_SIZE });
    return savedListMessage({ items: result.papers.map(item), total: result.total, page: index, pageSize: SAVED_PAGE_SIZE, surface: answer });
  }

  /** `/paper saved bibtex [page]` (1-based page as typed). */
  async bibtex(teamId: string, userId: string, page = 1): Promise<Message> {
    const all = await this.deps.store.listSavedPapers(teamId, userId, { offset: 0, limit: BIBTEX_MAX_PAPERS });
    const blocks = bibtexCodeBlocks(bibtexEntries(all.papers));
    const pages = Math.max(1, Math.ceil(blocks.length / BIBTEX_BLOCKS_PER_PAGE));
    const index = Math.max(0, page - 1);
    return savedBibtexMessage({
      codeBlocks: blocks.slice(index * BIBTEX_BLOCKS_PER_PAGE, (index + 1) * BIBTEX_BLOCKS_PER_PAGE),
      page: index,
      pages,
      total: all.total,
    });
  }
}

const GONE = 'That paper is no longer in your saved papers.';
