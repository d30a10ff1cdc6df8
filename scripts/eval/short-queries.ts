/**
 * A stand-in for CACM (issue 15's hidden check: 3,204 computing papers, many with a title and no abstract, 52 short
 * keyword queries), made mechanically from SciFact train because CACM is not on this machine:
 *
 * - **short queries**: each claim cut to its 2–4 content words of highest idf over the corpus (claim i keeps
 *   2 + i mod 3 of them, so the set mixes 2-, 3- and 4-word queries), in the claim's order, as typed; a content word
 *   is a token with a letter, not one of Lucene's stop words, found in at least one abstract or title. Claims that
 *   give the same words share their judgments; claims with fewer than 2 content words are left out.
 * - **title-only records**: the same corpus with every other record (by a hash of its id, so about half, relevant
 *   ones included) keeping only its title, as CACM's records without an abstract.
 *
 * Nothing here is tuned on: the rule was fixed before any ranking was measured on it.
 */
import type { Paper } from '../../src/papers/paper.ts';
import type { BeirCollection } from './beir.ts';
import { luceneEnglishTerms } from './reference-bm25.ts';

/** Words of a claim as a user would type them again (letters, digits, inner hyphens kept out: they split). */
const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)*/gu;
const HAS_LETTER = /\p{L}/u;

/** Document frequency of each Lucene-analysed stem over title + abstract. */
function documentFrequencies(papers: readonly Paper[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const paper of papers) {
    for (const stem of new Set(luceneEnglishTerms(`${paper.title} ${paper.abstract}`))) df.set(stem, (df.get(stem) ?? 0) + 1);
  }
  return df;
}

/** The claim's `keep` content words of highest idf (the earlier word on a tie), in the claim's order. */
export function shortQueryOf(claim: string, keep: number, df: ReadonlyMap<string, number>): string[] {
  const words: Array<{ word: string; df: number; at: number }> = [];
  const seen = new Set<string>();
  for (const match of claim.matchAll(WORD_RE)) {
    const word = match[0];
    if (!HAS_LETTER.test(word)) continue;
    const [stem, ...rest] = luceneEnglishTerms(word);
    if (stem === undefined || rest.length > 0 || seen.has(stem)) continue;
    const n = df.get(stem) ?? 0;
    if (n === 0) continue;
    seen.add(stem);
    words.push({ word, df: n, at: words.length });
  }
  return words
    .sort((a, b) => a.df - b.df || a.at - b.at)
    .slice(0, keep)
    .sort((a, b) => a.at - b.at)
    .map((w) => w.word);
}

/** Every claim of the collection as a short keyword query (see the file's comment), judgments merged by text. */
export function shortQueries(collection: BeirCollection): Map<string, Map<string, number>> {
  const df = documentFrequencies(collection.papers);
  const out = new Map<string, Map<string, number>>();
  [...collection.grades].forEach(([claim, judged], i) => {
    const words = shortQueryOf(claim, 2 + (i % 3), df);
    if (words.length < 2) return;
    const text = words.join(' ');
    const merged = out.get(text) ?? new Map<string, number>();
    for (const [id, grade] of judged) merged.set(id, Math.max(merged.get(id) ?? 0, grade));
    out.set(text, merged);
  });
  return out;
}

/** FNV-1a of the id: which records lose their abstract does not depend on the corpus order. */
function hashOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The papers with about half of them (by a hash of the id) keeping only their title. */
export function halfTitleOnly(papers: readonly Paper[]): Paper[] {
  return papers.map((paper) => (hashOf(paper.id) % 2 === 0 ? { ...paper, abstract: '' } : paper));
}
