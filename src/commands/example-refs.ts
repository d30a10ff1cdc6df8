/**
 * The `like <paper> …` part of `/paper subscribe` (issue 16): example papers named by arXiv id (`2502.11089`,
 * `2502.11089v2`, `arXiv:2502.11089`, `hep-th/9901001`) or by link (arxiv.org, huggingface.co/papers, alphaxiv.org,
 * also in Slack's `<https://…|label>` markup). Pure; the papers are found (or looked up) by the subscription service.
 *
 * Choices:
 * - `like` starts the examples only when the word after it is meant as a paper (an id-shaped word or a link):
 *   "papers like attention" stays a topic (a `like` naming no paper at a topic's start or end is answered:
 *   subscribe-grammar.ts).
 * - After `like`, every word must be a paper: a malformed id names itself in the answer, a plain word means the
 *   topic was put after the papers. Commas between papers are fine.
 * - The same paper twice counts once (`2502.11089` and `2502.11089v2` are the same paper).
 * - Code formatting and brackets around a paper are not part of it (`` `2502.11089` ``, `(2401.04088)`).
 */
import { MAX_EXAMPLES } from '../digests/subscription-examples.ts';
import { arxivIdFromUrl, canonicalArxivId } from '../papers/paper-links.ts';

export { MAX_EXAMPLES };

/**
 * Slack's link markup in command text, `<https://…>` or `<https://…|label>` → the URL (labels may hold spaces); an
 * email address Slack linked, `<mailto:a@b.org|a@b.org>` → the address.
 */
export function unwrapSlackLinks(text: string): string {
  return text.replace(/<(https?:\/\/[^|>\s]+)(?:\|[^>]*)?>/gi, '$1').replace(/<mailto:([^|>\s]+)(?:\|[^>]*)?>/gi, '$1');
}

const LINK_SHAPED = /^(?:https?:\/\/|www\.)|(?:^|\.)(?:arxiv\.org|huggingface\.co|hf\.co|alphaxiv\.org)\//i;
const ID_SHAPED = /^(?:arxiv:)?(?:\d{4}\.\d|[a-z-]+(?:\.[a-z]{2})?\/\d)/i;

/**
 * The word without code formatting or brackets around it: `` `2502.11089` `` (as the bot itself shows ids),
 * `(2401.04088)`, `[hep-th/9901001]`, and without the comma or semicolon of a list after them (`` `2502.11089`, ``).
 */
function unwrapped(word: string): string {
  return word.trim().replace(/^[`([{]+/, '').replace(/[`)\]},;]+$/, '');
}

/** Whether a word is meant as a paper (even a malformed one): an id shape or a link. */
export function looksLikePaperRef(word: string): boolean {
  const text = unwrapped(word);
  return ID_SHAPED.test(text) || LINK_SHAPED.test(text);
}

/** A word naming a paper → its canonical arXiv id; null when it names none. */
export function paperRefId(word: string): string | null {
  const text = unwrapped(word).replace(/^arxiv:/i, '');
  if (LINK_SHAPED.test(text)) return arxivIdFromUrl(text);
  return canonicalArxivId(text);
}

/** The first of a topic's words that is a link to a paper: its canonical id, or null (a bare id may be a word). */
export function paperInTopic(words: readonly string[]): string | null {
  for (const word of words) {
    const id = LINK_SHAPED.test(word) ? paperRefId(word) : null;
    if (id !== null) return id;
  }
  return null;
}

/** A word that is only separators (`,` `;` `&`, `and`, `like` said again): skipped between papers. */
export function isSeparator(word: string): boolean {
  return /^[,;&+]+$/.test(word) || /^(?:and|like)$/i.test(word);
}

export type ExampleRefsResult =
  | { ok: true; ids: string[] }
  | { ok: false; problem: 'not_a_paper'; word: string }
  | { ok: false; problem: 'topic_after_papers'; word: string }
  | { ok: false; problem: 'none' }
  | { ok: false; problem: 'too_many'; count: number };

/** The words after `like` → distinct canonical arXiv ids, in the order given (see the choices above). */
export function parseExampleRefs(words: readonly string[]): ExampleRefsResult {
  const ids: string[] = [];
  for (const word of words) {
    if (isSeparator(word)) continue;
    if (!looksLikePaperRef(word)) return { ok: false, problem: 'topic_after_papers', word };
    const id = paperRefId(word);
    if (id === null) return { ok: false, problem: 'not_a_paper', word };
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length === 0) return { ok: false, problem: 'none' };
  if (ids.length > MAX_EXAMPLES) return { ok: false, problem: 'too_many', count: ids.length };
  return { ok: true, ids };
}
