/**
 * Which stored paper an incoming one is, for `upsertPapers` (paper-store.ts): by arXiv id, else by normalized title,
 * and among arXiv papers sharing a title by the abstract a listing-page entry resembles most. Pure.
 */
import type { PaperInput } from '../papers/corpus-merge.ts';
import { paperTitleKey, type Paper } from '../papers/paper.ts';

/**
 * Which stored paper an input is. A paper with an arXiv id is identified by that id; the title (its key) only
 * brings together a record without an id (a listing-page entry) and its copy that has one. Distinct arXiv papers
 * may share a title: each is its own paper.
 */
export class PaperMatcher {
  readonly #idsByTitle = new Map<string, string[]>();
  readonly #idByArxiv = new Map<string, string>();
  readonly #arxivOf = new Map<string, string | null>();

  constructor(rows: ReadonlyArray<{ id: string; title_key: string; arxiv_id: string | null }>) {
    for (const row of rows) this.add(row.id, row.title_key, row.arxiv_id);
  }

  add(id: string, titleKey: string, arxivId: string | null): void {
    const holders = this.#idsByTitle.get(titleKey);
    if (holders) holders.push(id);
    else this.#idsByTitle.set(titleKey, [id]);
    this.#arxivOf.set(id, arxivId);
    if (arxivId !== null) this.#idByArxiv.set(arxivId, id);
  }

  /** After a merge: the paper's title key or arXiv id may have changed. */
  moved(id: string, fromKey: string, toKey: string, arxivId: string | null): void {
    if (fromKey !== toKey) {
      const holders = (this.#idsByTitle.get(fromKey) ?? []).filter((holder) => holder !== id);
      if (holders.length > 0) this.#idsByTitle.set(fromKey, holders);
      else this.#idsByTitle.delete(fromKey);
      this.#idsByTitle.set(toKey, [...(this.#idsByTitle.get(toKey) ?? []), id]);
    }
    this.#arxivOf.set(id, arxivId);
    if (arxivId !== null) this.#idByArxiv.set(arxivId, id);
  }

  /** Every stored paper the input could be (to load them). */
  /** The paper with this arXiv id, if any. */
  byArxivId(arxivId: string): string | undefined {
    return this.#idByArxiv.get(arxivId);
  }

  candidates(input: PaperInput): string[] {
    const byArxiv = input.arxivId === null ? undefined : this.#idByArxiv.get(input.arxivId);
    const byTitle = this.#idsByTitle.get(paperTitleKey(input.title)) ?? [];
    return byArxiv === undefined ? byTitle : [byArxiv, ...byTitle];
  }

  /** A title key no listing-page record (one without an arXiv id) holds: a paper may take that title. */
  noIdlessHolder(titleKey: string): boolean {
    return (this.#idsByTitle.get(titleKey) ?? []).every((id) => this.#arxivOf.get(id) !== null);
  }

  /** The stored paper `input` is, or undefined for a new paper; `papers` holds every candidate's current state. */
  match(input: PaperInput, papers: ReadonlyMap<string, Paper>): string | undefined {
    const holders = this.#idsByTitle.get(paperTitleKey(input.title)) ?? [];
    const idless = holders.find((id) => this.#arxivOf.get(id) === null);
    if (input.arxivId !== null) return this.#idByArxiv.get(input.arxivId) ?? idless;
    if (idless !== undefined) return idless;
    if (holders.length <= 1) return holders[0];
    // A listing entry whose title several arXiv papers share: the one whose abstract it resembles most, the
    // earliest stored on a tie (a listing entry only fills gaps, so a near miss costs little; a copy would duplicate).
    const words = wordSet(input.abstract);
    let best: { id: string; score: number } | undefined;
    for (const id of holders) {
      const paper = papers.get(id);
      const score = paper === undefined ? -1 : overlap(words, wordSet(paper.abstract));
      if (best === undefined || score > best.score) best = { id, score };
    }
    return best?.id;
  }
}

function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
}

/** Jaccard overlap of two word sets, 0 to 1. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const word of a) if (b.has(word)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}
