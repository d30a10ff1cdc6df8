/**
 * A synthetic corpus for benchmarks: N papers written in the seed pages' spaced layout, drawn from the real
 * seeds' word statistics (title and abstract unigram frequencies, lengths, metadata rates) with a fixed seed,
 * so every run and every machine measures the same text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Paper } from '../../src/papers/paper.ts';
import { mergePapers } from '../../src/papers/merge.ts';
import { parseListing } from '../../src/papers/parse-listing.ts';
import { isStopWord, words } from '../../src/search/query.ts';

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface WordTable {
  words: string[];
  cumulative: number[];
}

function table(texts: string[]): WordTable {
  const counts = new Map<string, number>();
  for (const text of texts) for (const word of text.split(/\s+/).filter(Boolean)) counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = [...counts.keys()].sort();
  const cumulative: number[] = [];
  let total = 0;
  for (const word of words) cumulative.push((total += counts.get(word) ?? 0));
  return { words, cumulative };
}

function draw(t: WordTable, random: () => number): string {
  const target = random() * (t.cumulative.at(-1) ?? 1);
  let lo = 0;
  let hi = t.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t.cumulative[mid] ?? 0) < target) lo = mid + 1;
    else hi = mid;
  }
  return t.words[lo] ?? 'attention';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Page text in the spaced layout, `perPage` papers a page. */
export function syntheticPages(seedPapers: readonly Paper[], n: number, options: { seed?: number; perPage?: number } = {}): string[] {
  const random = rng(options.seed ?? 42);
  const titles = table(seedPapers.map((p) => p.title));
  const abstracts = table(seedPapers.map((p) => p.abstract));
  const titleLengths = seedPapers.map((p) => p.title.split(/\s+/).length);
  const abstractLengths = seedPapers.map((p) => p.abstract.split(/\s+/).length);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const perPage = options.perPage ?? 500;
  const pages: string[] = [];
  let lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const title = Array.from({ length: pick(titleLengths) }, () => draw(titles, random)).join(' ');
    const abstract = Array.from({ length: pick(abstractLengths) }, () => draw(abstracts, random)).join(' ');
    // A serial keeps titles distinct, as real ones are: the parser merges papers by title.
    lines.push(`${title} (${i + 1})`, '', abstract, '');
    if (random() < 0.35) {
      const year = 2019 + Math.floor(random() * 7);
      const upvotes = random() < 0.3 ? ` ${1 + Math.floor(random() * 40)}` : '';
      lines.push(`  \u2022 ${1 + Math.floor(random() * 12)} authors`, '\u00B7', `${pick(MONTHS)} ${1 + Math.floor(random() * 28)}, ${year}${upvotes}`, '');
    }
    if ((i + 1) % perPage === 0 || i === n - 1) {
      pages.push(['new', '', 'Get trending papers in your email inbox!', '', 'Subscribe', '', 'Daily Papers', '', 'byAK and the research community', '', 'Nov 11', '', ...lines].join('\n'));
      lines = [];
    }
  }
  return pages;
}

export function writeSyntheticSeeds(dir: string, pages: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  pages.forEach((page, index) => writeFileSync(join(dir, `synthetic_${String(index).padStart(4, '0')}.txt`), page));
}

/** The synthetic corpus of `n` papers as the app reads it: the pages parsed and merged. */
export function syntheticPapers(seedPapers: readonly Paper[], n: number): Paper[] {
  return mergePapers(syntheticPages(seedPapers, n).flatMap((page, i) => parseListing(page, { source: `synthetic_${i}` }).papers));
}

/** Frequent content words of the texts, most frequent first (the benches' query words). */
export function frequentWords(texts: readonly string[], count: number): string[] {
  const freq = new Map<string, number>();
  for (const text of texts) for (const word of words(text)) if (!isStopWord(word) && /^\p{L}{3,}$/u.test(word)) freq.set(word, (freq.get(word) ?? 0) + 1);
  return [...freq].sort((a, b) => b[1] - a[1]).slice(0, count).map(([word]) => word);
}
