/**
 * Papers → what a search is made of: a lunr index of their stems, packed (or a packed index given, e.g. from the
 * index cache), as a segment whose papers read their words from it; or a base search's parts plus a segment of
 * changed papers, the base's segments, papers, posting lists and tables shared or carried over.
 */
import type { Paper } from '../../papers/paper.ts';
import { AcronymTableBuilder } from '../tables/acronyms.ts';
import { IndexedPaper } from '../tables/paper-text.ts';
import { spellingWords, type KeptTables } from '../tables/query-tables.ts';
import type { Corpus, CorpusParts } from './corpus.ts';
import { buildLunrIndex, type Bm25Options } from './lunr-index.ts';
import { analyseWords, packIndex, type AnalysedPaper, type PackedIndex } from './packed-index.ts';
import { Segment } from './segment.ts';

export interface SearchParts {
  corpus: CorpusParts;
  tables: KeptTables;
}

/**
 * Indexes papers: lunr builds the index of their non-stop stems, which is packed with every word's stem (stop words
 * marked); the lunr index itself is not kept.
 */
function indexPapers(papers: readonly Paper[], bm25: Bm25Options): PackedIndex {
  const analysed: AnalysedPaper[] = papers.map((paper) => ({ id: paper.id, title: analyseWords(paper.title), abstract: analyseWords(paper.abstract) }));
  const content = (field: readonly { stem: string; stopWord: boolean }[]): string[] => field.flatMap((word) => (word.stopWord ? [] : [word.stem]));
  const index = buildLunrIndex(
    analysed.map((paper) => {
      const abstract = content(paper.abstract);
      const title = content(paper.title);
      return { id: paper.id, title, abstract: abstract.length === 0 && bm25.missingAbstract === 'title' ? title : abstract };
    }),
    bm25,
  );
  return packIndex(index, analysed);
}

/** A segment over `pack` serving the papers `docs` maps to entries; those entries then read their words from it. */
function attachSegment(pack: PackedIndex, docs: ReadonlyMap<string, number>, entries: readonly IndexedPaper[]): Segment {
  const segment = new Segment(pack, docs);
  segment.papers.forEach((doc, local) => {
    const entry = doc >= 0 ? entries[doc] : undefined;
    if (entry) entry.source = { segment, local };
  });
  return segment;
}

/**
 * The parts of a search over `papers` (duplicate ids keep the first), on `prebuilt` (a packed index of them) or on
 * an index built here. With `prebuilt`, papers are numbered in its order, so its posting lists serve as they are;
 * its corpus tables are used when it holds exactly the papers served.
 */
export function createParts(papers: readonly Paper[], options: { bm25: Bm25Options; acronyms: boolean }, prebuilt?: PackedIndex): SearchParts {
  const unique = new Map<string, Paper>();
  for (const paper of papers) if (!unique.has(paper.id)) unique.set(paper.id, paper);
  const ordered: Paper[] = [];
  for (const ref of prebuilt?.refs ?? []) {
    const paper = unique.get(ref);
    if (paper === undefined) continue;
    ordered.push(paper);
    unique.delete(ref);
  }
  ordered.push(...unique.values());
  const entries = ordered.map((paper) => new IndexedPaper(paper));
  const byId = new Map(ordered.map((paper, doc) => [paper.id, doc]));
  const pack = prebuilt ?? indexPapers(ordered, options.bm25);
  const segment = attachSegment(pack, byId, entries);
  // The kept tables describe exactly the pack's papers: used only when those are the papers served.
  const tables = segment.complete && byId.size === pack.refs.length ? pack.tables : undefined;
  return {
    corpus: { entries, live: null, byId, segments: [segment] },
    tables: {
      ...(tables && options.acronyms ? { acronymBuilder: AcronymTableBuilder.fromDefinitions(tables.acronyms) } : {}),
      ...(tables ? { vocabulary: tables.vocabulary } : {}),
    },
  };
}

/**
 * `base` plus a segment of `changed` papers (new ones, and new versions of base papers, which replace theirs),
 * without `removedIds`. Only the new segment is indexed (or `prebuilt`, the packed index of `changed`); the base's
 * segments, analysed papers, posting lists, acronym definitions and spelling vocabulary are shared or carried over.
 */
export function extendParts(
  base: { corpus: Corpus; tables: KeptTables },
  options: { bm25: Bm25Options; acronyms: boolean },
  changed: readonly Paper[],
  removedIds: readonly string[],
  prebuilt?: PackedIndex,
): SearchParts {
  const entries = [...base.corpus.entries];
  const live = new Uint8Array(entries.length + changed.length);
  if (base.corpus.live) live.set(base.corpus.live);
  else live.fill(1, 0, entries.length);
  const byId = new Map(base.corpus.byId);
  const vocabulary = base.tables.vocabulary ? new Map(base.tables.vocabulary) : undefined;
  const retire = (id: string): void => {
    const old = byId.get(id);
    if (old === undefined) return;
    live[old] = 0;
    byId.delete(id);
    const paper = base.corpus.entries[old]?.paper;
    if (vocabulary && paper) {
      for (const word of spellingWords(paper)) vocabulary.set(word, (vocabulary.get(word) ?? 1) - 1);
    }
  };
  for (const id of removedIds) retire(id);
  const segmentDocs = new Map<string, number>();
  const added: IndexedPaper[] = [];
  for (const paper of changed) {
    if (segmentDocs.has(paper.id)) continue;
    retire(paper.id);
    const doc = entries.length;
    segmentDocs.set(paper.id, doc);
    byId.set(paper.id, doc);
    const entry = new IndexedPaper(paper);
    entries.push(entry);
    added.push(entry);
    live[doc] = 1;
  }
  const pack = prebuilt ?? indexPapers(added.map((entry) => entry.paper), options.bm25);
  const segment = attachSegment(pack, segmentDocs, entries);
  let acronymBuilder: AcronymTableBuilder | undefined;
  if (base.tables.acronymBuilder && options.acronyms) {
    acronymBuilder = base.tables.acronymBuilder.fork();
    for (const entry of added) acronymBuilder.addText(`${entry.paper.title}. ${entry.paper.abstract}`);
  }
  if (vocabulary) {
    for (const entry of added) {
      for (const word of spellingWords(entry.paper)) vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
    }
    for (const [word, count] of vocabulary) if (count <= 0) vocabulary.delete(word);
  }
  return {
    corpus: { entries, live: live.slice(0, entries.length), byId, segments: [...base.corpus.segments, segment] },
    tables: { ...(acronymBuilder ? { acronymBuilder } : {}), ...(vocabulary ? { vocabulary } : {}) },
  };
}
