/**
 * `/paper <arXiv id|link> …` (show those papers) and `/paper similar <arXiv id|link>` (papers like it). Pure.
 *
 * Choices:
 * - A query made only of papers (ids or links, commas and `and` between them) names papers: searched as words, a
 *   link's `https`, `org` and `abs` found unrelated papers.
 * - A paper link among other words is refused with both ways to ask: a search for the link's words is never meant.
 *   So are two or more arXiv ids written whole among words (`2502.11089 2502.11090 compare`): the answer shows them
 *   together. One bare id among words stays a search word (`table 2502.11089`; `2025.1` could be anything).
 * - `similar` followed by anything but one paper is a search ("similar image retrieval"); `similar` alone is refused
 *   with how to name the paper (`"similar"`, quoted, is searched).
 */
import { echo, type InvalidCommand } from './invalid-command.ts';
import { isSeparator, looksLikePaperRef, paperInTopic, paperRefId, unwrapSlackLinks } from './example-refs.ts';

/** Most papers one `/paper <ids>` shows (each may be looked up on Hugging Face and arXiv). */
export const MAX_SHOWN_PAPERS = 3;

export type PaperRefCommand = { kind: 'papers'; ids: string[] } | { kind: 'similar'; id: string };

const problem = (message: string): InvalidCommand => ({ kind: 'invalid', message });

/** The words, when every one names a paper: the distinct ids in order; a word that does not → that word. */
function refsOf(words: readonly string[]): { ids: string[] } | { bad: string } | null {
  const meant = words.filter((word) => !isSeparator(word));
  if (meant.length === 0 || !meant.every(looksLikePaperRef)) return null;
  const ids: string[] = [];
  for (const word of meant) {
    const id = paperRefId(word);
    if (id === null) return { bad: word };
    if (!ids.includes(id)) ids.push(id);
  }
  return { ids };
}

const notAPaper = (word: string): InvalidCommand =>
  problem(`"${echo(word)}" is not an arXiv id or a paper link I can read. Write it like \`2502.11089\` or \`https://arxiv.org/abs/2502.11089\`.`);

/** An arXiv id written whole (`2502.11089`, `arxiv:2502.11089v2`): no search word looks like it. */
const WHOLE_ID = /^(?:arxiv:)?\d{4}\.\d{4,5}(?:v\d+)?$/i;

/** The paper a word among others names: a paper link, or (`whole`) an arXiv id written whole; null otherwise. */
function paperAmongWords(word: string, whole: boolean): string | null {
  return paperInTopic([word]) ?? (whole && WHOLE_ID.test(word) ? paperRefId(word) : null);
}

/** The search of the words around a pasted paper link, ready to paste (`/paper kv cache`), or what to do without one. */
function otherWordsSearch(words: readonly string[]): string {
  const others = words.filter((word) => paperAmongWords(word, true) === null);
  if (others[0] !== undefined && /^similar$/i.test(others[0])) others.shift();
  const text = others.join(' ');
  // Slack markup or a backtick can't go into the code span whole; a long text is not offered to paste.
  if (text === '' || /[<>`]/.test(text) || text.length > 200) return 'words alone search';
  return `\`/paper ${text}\` searches the other words`;
}

/** The text after `/paper` (collapsed) → a paper command; null when it is a search. */
export function parsePaperRefs(text: string): PaperRefCommand | InvalidCommand | null {
  const words = unwrapSlackLinks(text).split(' ').filter((word) => word !== '');
  const [first, ...rest] = words;
  // `similar` alone asks for papers like nothing: a search for the word was never meant (quoted, it is searched).
  if (first !== undefined && /^similar$/i.test(first) && rest.length === 0) {
    return problem(
      '`/paper similar` needs the paper to start from: `/paper similar 2502.11089` (an arXiv id or a paper link), or press Similar under any paper. To search for the word, quote it: `/paper "similar"`.',
    );
  }
  const similar = first !== undefined && /^similar$/i.test(first) && rest.length > 0 ? refsOf(rest) : null;
  // `similar` and words: as any other words (a paper link among them is refused below).
  if (similar !== null) {
    if ('bad' in similar) return notAPaper(similar.bad);
    const [id, ...more] = similar.ids;
    if (id === undefined) return null;
    if (more.length > 0) return problem(`One paper at a time: \`/paper similar ${id}\`.`);
    return { kind: 'similar', id };
  }
  const refs = refsOf(words);
  if (refs !== null) {
    if ('bad' in refs) return notAPaper(refs.bad);
    if (refs.ids.length > MAX_SHOWN_PAPERS) return problem(`That is ${refs.ids.length} papers: I show up to ${MAX_SHOWN_PAPERS} at a time.`);
    return { kind: 'papers', ids: refs.ids };
  }
  // A paper link among words, or several whole arXiv ids (`2502.11089 2502.11090 compare`): one id alone may be a word.
  const links = words.filter((word) => paperInTopic([word]) !== null).length;
  const pasted = [...new Set(words.map((word) => paperAmongWords(word, true)).filter((id) => id !== null))];
  const [one, ...more] = pasted;
  if (one === undefined || (links === 0 && more.length === 0)) return null;
  if (more.length === 0) {
    return problem(`${one} is a paper, not a search word: \`/paper ${one}\` shows it, \`/paper similar ${one}\` finds papers like it, and ${otherWordsSearch(words)}.`);
  }
  const shown = pasted.slice(0, MAX_SHOWN_PAPERS);
  const named = `${pasted.slice(0, -1).join(', ')} and ${pasted[pasted.length - 1] ?? ''}`;
  const together = shown.length < pasted.length ? `\`/paper ${shown.join(' ')}\` shows the first ${MAX_SHOWN_PAPERS}` : `\`/paper ${shown.join(' ')}\` shows them together`;
  return problem(`${named} are papers, not search words: ${together}, \`/paper similar ${one}\` finds papers like one, and ${otherWordsSearch(words)}.`);
}
