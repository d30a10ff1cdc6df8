/**
 * The arXiv API (`GET <ARXIV_API_URL>?id_list=<id>`, an Atom feed) → one paper. arXiv answers an id it does not
 * have with a feed without entries (or, in older answers, an entry with no title), and a malformed id with an
 * entry whose id is an `arxiv.org/api/errors#…` URL: all of these are "not found". A body that is not an Atom
 * feed at all (a proxy's HTML page, cut-off XML) is a wrong shape (`ArxivShapeError`), retried by the client. A
 * withdrawn paper (its comment, or the note that replaced its abstract, says so) is not found either.
 */
import type { PaperInput } from '../papers/corpus-merge.ts';
import { oneLineText } from '../papers/clean-text.ts';
import { canonicalArxivId } from '../papers/paper-links.ts';
import { MAX_ABSTRACT_CHARS } from '../papers/paper.ts';
import { MAX_TITLE_CHARS } from './hf-api.ts';
import { childrenNamed, childText, localName, parseXml, XmlError, type XmlElement } from './xml-elements.ts';

export class ArxivShapeError extends Error {
  override name = 'ArxivShapeError';
}

/** arXiv's words for a withdrawal: "This paper has been withdrawn by the author(s)", "… withdrawn by arXiv administrators". */
const WITHDRAWN = /^(?:this )?(?:paper|submission|article|manuscript|version) (?:has been|is|was) withdrawn\b/i;

/** `http://arxiv.org/abs/2510.00446v1` → `2510.00446`; null for anything else (an errors URL). */
function entryArxivId(id: string): string | null {
  const path = /^https?:\/\/(?:www\.|export\.)?arxiv\.org\/abs\/(.+)$/.exec(id.trim())?.[1];
  return path === undefined ? null : canonicalArxivId(path);
}

/**
 * The paper with `arxivId` in an arXiv API answer, or null when arXiv does not have it. Throws `ArxivShapeError`
 * when the body is not an Atom feed.
 */
export function parseArxivFeed(body: string, arxivId: string): PaperInput | null {
  let feed: XmlElement;
  try {
    feed = parseXml(body);
  } catch (error) {
    throw new ArxivShapeError(`the body is not XML (${error instanceof XmlError ? error.message : String(error)})`);
  }
  if (localName(feed.name) !== 'feed') throw new ArxivShapeError(`expected an Atom <feed>, got <${feed.name}>`);
  const wanted = canonicalArxivId(arxivId);
  const entry = childrenNamed(feed, 'entry').find((e) => {
    const id = entryArxivId(childText(e, 'id') ?? '');
    return id !== null && id === wanted;
  });
  if (!entry) return null;
  const title = oneLineText(childText(entry, 'title') ?? '');
  const abstract = oneLineText(childText(entry, 'summary') ?? '');
  if (title === '' || abstract === '' || title.length > MAX_TITLE_CHARS || abstract.length > MAX_ABSTRACT_CHARS) return null;
  if (WITHDRAWN.test(abstract) || WITHDRAWN.test(oneLineText(childText(entry, 'comment') ?? ''))) return null;
  const authors = childrenNamed(entry, 'author')
    .map((author) => oneLineText(childText(author, 'name') ?? ''))
    .filter((name) => name !== '');
  const published = childText(entry, 'published');
  const time = published === null ? NaN : Date.parse(published.trim());
  return {
    title,
    abstract,
    authors,
    authorCount: authors.length > 0 ? authors.length : null,
    date: Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 10),
    upvotes: null,
    arxivId: wanted,
  };
}
