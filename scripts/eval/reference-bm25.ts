/**
 * The textbook baseline the search is held against: BM25 as Lucene scores it with its defaults (k1 0.9, b 0.4),
 * title and abstract as one field, an English analysis close to Lucene's EnglishAnalyzer (Unicode words, possessive
 * 's dropped, lower case, Lucene's 33 English stop words, Porter stemming) and document lengths rounded as Lucene
 * stores them (one byte, SmallFloat.intToByte4). On SciFact this is the "BM25 flat" run the BEIR figures come from.
 */
import lunr from 'lunr';

export interface RefDoc {
  id: string;
  text: string;
}

/** Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET. */
const LUCENE_STOP_WORDS = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '),
);

/** Words as StandardTokenizer cuts them, near enough: letters/digits, numbers keep their inner "." and ",". */
const TOKEN_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+)*(?:[.,][\p{N}]+)*/gu;

const stemCache = new Map<string, string>();

function porter(word: string): string {
  let out = stemCache.get(word);
  if (out === undefined) {
    out = lunr.stemmer(new lunr.Token(word, {})).toString();
    stemCache.set(word, out);
  }
  return out;
}

export function luceneEnglishTerms(text: string): string[] {
  const out: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(TOKEN_RE)) {
    let word = match[0].replace(/['’]s$/u, '');
    if (LUCENE_STOP_WORDS.has(word)) continue;
    word = word.replace(/['’]/gu, '');
    if (word) out.push(porter(word));
  }
  return out;
}

/** Lucene's SmallFloat.intToByte4 then byte4ToInt: the document length BM25 actually sees. */
const NUM_FREE_VALUES = 24;
function longToInt4(i: number): number {
  const numBits = 32 - Math.clz32(i);
  if (numBits < 4) return i;
  const shift = numBits - 4;
  return ((i >>> shift) & 0x07) | ((shift + 1) << 3);
}
function int4ToLong(i: number): number {
  const bits = i & 0x07;
  const shift = (i >>> 3) - 1;
  return shift === -1 ? bits : (bits | 0x08) * 2 ** shift;
}
export function luceneStoredLength(length: number): number {
  if (length < NUM_FREE_VALUES) return length;
  return NUM_FREE_VALUES + int4ToLong(longToInt4(length - NUM_FREE_VALUES));
}

/** rank(query) → ids, best first (ties in index order, as Lucene), at most `depth` of them. */
export function referenceBm25Ranker(docs: readonly RefDoc[], options: { k1?: number; b?: number; depth?: number } = {}): (query: string) => string[] {
  const k1 = options.k1 ?? 0.9;
  const b = options.b ?? 0.4;
  const depth = options.depth ?? 1000;
  const postings = new Map<string, { docs: number[]; tfs: number[] }>();
  const lengths = new Float64Array(docs.length);
  let total = 0;
  docs.forEach((doc, d) => {
    const terms = luceneEnglishTerms(doc.text);
    total += terms.length;
    lengths[d] = luceneStoredLength(terms.length);
    const tf = new Map<string, number>();
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = { docs: [], tfs: [] }));
      list.docs.push(d);
      list.tfs.push(n);
    }
  });
  const avgdl = total / Math.max(1, docs.length);
  const n = docs.length;
  const scores = new Float64Array(n);
  return (query) => {
    const queryTf = new Map<string, number>();
    for (const t of luceneEnglishTerms(query)) queryTf.set(t, (queryTf.get(t) ?? 0) + 1);
    scores.fill(0);
    const hit: number[] = [];
    for (const [t, boost] of queryTf) {
      const list = postings.get(t);
      if (!list) continue;
      const idf = Math.log(1 + (n - list.docs.length + 0.5) / (list.docs.length + 0.5));
      list.docs.forEach((d, i) => {
        const tf = list.tfs[i] ?? 0;
        if (scores[d] === 0) hit.push(d);
        scores[d] = (scores[d] ?? 0) + boost * idf * (tf / (tf + k1 * (1 - b + (b * (lengths[d] ?? 0)) / avgdl)));
      });
    }
    hit.sort((x, y) => (scores[y] ?? 0) - (scores[x] ?? 0) || x - y);
    return hit.slice(0, depth).map((d) => docs[d]?.id ?? '');
  };
}
