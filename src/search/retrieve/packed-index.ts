/**
 * A lunr index as the search reads it and as the index cache keeps it: lunr's posting lists and BM25 weights copied
 * into typed arrays (per field, each term's papers and weights as one run of a flat array), each paper's words as
 * term numbers (for phrases, adjacency and feedback), and optionally the corpus tables built with it (acronym
 * definitions, spelling vocabulary). Lunr builds the index and its weights are kept as lunr computed them, so scores
 * do not change; what changes is the cost of a restart: reading a few arrays instead of parsing lunr's JSON (~400 MB
 * at 50k papers) into millions of objects, with nothing left to derive before queries are quick.
 *
 * Serialized: a little-endian u32 length, a JSON header (papers, terms, tables, array lengths), zero padding to 8
 * bytes, then the arrays' bytes in a fixed order (the two Float64 arrays first, so every array starts aligned).
 */
import { endianness } from 'node:os';
import type lunr from 'lunr';
import type { LongForm } from '../tables/acronyms.ts';
import { analyzeWord, words, type WordAnalysis } from '../query.ts';
import type { FieldName } from './lunr-index.ts';
import { unionSize } from './sorted-union.ts';

/** Marks a stop word's term number in a paper's words (stop words are kept for phrases, never indexed). */
export const STOP_WORD_BIT = 0x8000_0000;
const FORMAT = 'paper-digest packed index';
const VERSION = 2;

/** One field's posting lists: term t's papers (ascending) and their weights are `offsets[t]` to `offsets[t + 1]`. */
export interface FieldPostings {
  offsets: Uint32Array;
  docs: Int32Array;
  weights: Float64Array;
}

/** What the search derives from every paper's text besides the index, kept with it so a restart need not. */
export interface CorpusTables {
  /** Acronym definitions mined from the papers (AcronymTableBuilder.definitions). */
  acronyms: Array<[string, LongForm[]]>;
  /** Folded surface words → how many papers use them (the speller's vocabulary). */
  vocabulary: Map<string, number>;
}

export interface PackedIndex {
  /** Paper ids; a paper's number in this index is its position here. */
  refs: string[];
  /** Every stem of every paper, indexed or not (stop words); a term's number is its position here. */
  terms: string[];
  title: FieldPostings;
  abstract: FieldPostings;
  /** Per term, how many papers contain it in either field (counted from the lists, never stored). */
  df: Uint32Array;
  /**
   * Each paper's words as term numbers (STOP_WORD_BIT set on stop words): paper i's title is `text` from
   * `textOffsets[2i]` to `textOffsets[2i + 1]`, its abstract from there to `textOffsets[2i + 2]`.
   */
  textOffsets: Uint32Array;
  text: Uint32Array;
  tables?: CorpusTables;
}

/** A paper's words, each with its stem and whether it is a stop word, per field. */
export interface AnalysedPaper {
  id: string;
  title: readonly WordAnalysis[];
  abstract: readonly WordAnalysis[];
}

export function analyseWords(text: string): WordAnalysis[] {
  return words(text).map(analyzeWord);
}

/** The parts of a lunr index read here (not in @types/lunr): term → its index in the vectors, `field/ref` → vector. */
interface LunrInternals {
  invertedIndex: Record<string, { _index: number }>;
  fieldVectors: Record<string, { elements: number[] } | undefined>;
}

/**
 * Packs the lunr index built from `papers` (in this order; `buildLunrIndex` of their non-stop stems): each paper's
 * field vector gives its terms' weights, read in paper order so every posting list comes out ascending.
 */
export function packIndex(index: lunr.Index, papers: readonly AnalysedPaper[]): PackedIndex {
  const internals = index as unknown as LunrInternals;
  const terms: string[] = [];
  const termOf = new Map<string, number>();
  const termNumber = (s: string): number => {
    let t = termOf.get(s);
    if (t === undefined) {
      t = terms.length;
      terms.push(s);
      termOf.set(s, t);
    }
    return t;
  };

  const textOffsets = new Uint32Array(papers.length * 2 + 1);
  let length = 0;
  papers.forEach((paper, i) => {
    length += paper.title.length;
    textOffsets[2 * i + 1] = length;
    length += paper.abstract.length;
    textOffsets[2 * i + 2] = length;
  });
  const text = new Uint32Array(length);
  let at = 0;
  for (const paper of papers) {
    for (const word of [...paper.title, ...paper.abstract]) {
      text[at++] = (termNumber(word.stem) | (word.stopWord ? STOP_WORD_BIT : 0)) >>> 0;
    }
  }

  const lunrTerm: number[] = [];
  for (const s in internals.invertedIndex) {
    const posting = internals.invertedIndex[s];
    if (posting) lunrTerm[posting._index] = termNumber(s);
  }
  const vectorsOf = (field: FieldName): Array<readonly number[]> =>
    papers.map((paper) => internals.fieldVectors[`${field}/${paper.id}`]?.elements ?? []);
  const titleVectors = vectorsOf('title');
  const abstractVectors = vectorsOf('abstract');

  const title = packField(titleVectors, lunrTerm, terms.length);
  const abstract = packField(abstractVectors, lunrTerm, terms.length);
  return { refs: papers.map((paper) => paper.id), terms, title, abstract, df: documentFrequencies(title, abstract), textOffsets, text };
}

/** Per term, the papers in its title list or its abstract list (both ascending: the size of their union). */
function documentFrequencies(title: FieldPostings, abstract: FieldPostings): Uint32Array {
  const df = new Uint32Array(title.offsets.length - 1);
  for (let t = 0; t < df.length; t++) {
    const titleDocs = title.docs.subarray(title.offsets[t] ?? 0, title.offsets[t + 1] ?? 0);
    const abstractDocs = abstract.docs.subarray(abstract.offsets[t] ?? 0, abstract.offsets[t + 1] ?? 0);
    df[t] = unionSize(titleDocs, abstractDocs);
  }
  return df;
}

/** One field's posting lists from its per-paper vectors ([lunr term index, weight, …] pairs). */
function packField(vectors: ReadonlyArray<readonly number[]>, lunrTerm: readonly number[], termCount: number): FieldPostings {
  const offsets = new Uint32Array(termCount + 1);
  for (const elements of vectors) {
    for (let k = 0; k < elements.length; k += 2) {
      const t = lunrTerm[elements[k] ?? -1];
      if (t !== undefined) offsets[t + 1] = (offsets[t + 1] ?? 0) + 1;
    }
  }
  for (let t = 0; t < termCount; t++) offsets[t + 1] = (offsets[t + 1] ?? 0) + (offsets[t] ?? 0);
  const total = offsets[termCount] ?? 0;
  const docs = new Int32Array(total);
  const weights = new Float64Array(total);
  const cursor = offsets.slice(0, termCount);
  vectors.forEach((elements, doc) => {
    for (let k = 0; k < elements.length; k += 2) {
      const t = lunrTerm[elements[k] ?? -1];
      if (t === undefined) continue;
      const slot = cursor[t] ?? 0;
      cursor[t] = slot + 1;
      docs[slot] = doc;
      weights[slot] = elements[k + 1] ?? 0;
    }
  });
  return { offsets, docs, weights };
}

/** The arrays of a packed index in file order (Float64 first: every array then starts aligned to its size). */
function arraysOf(pack: PackedIndex): Array<Float64Array | Uint32Array | Int32Array> {
  return [
    pack.title.weights,
    pack.abstract.weights,
    pack.title.offsets,
    pack.title.docs,
    pack.abstract.offsets,
    pack.abstract.docs,
    pack.textOffsets,
    pack.text,
  ];
}

interface PackHeader {
  format: string;
  version: number;
  endianness: string;
  refs: string[];
  terms: string[];
  /** Posting entries per field, and words of all papers. */
  titlePostings: number;
  abstractPostings: number;
  words: number;
  tables: { acronyms: Array<[string, LongForm[]]>; vocabulary: [string[], number[]] } | null;
}

/** The packed index as bytes in a buffer of their own (transferable between threads, written to the cache). */
export function serializePackedIndex(pack: PackedIndex): Uint8Array {
  const header: PackHeader = {
    format: FORMAT,
    version: VERSION,
    endianness: endianness(),
    refs: pack.refs,
    terms: pack.terms,
    titlePostings: pack.title.docs.length,
    abstractPostings: pack.abstract.docs.length,
    words: pack.text.length,
    tables: pack.tables
      ? { acronyms: pack.tables.acronyms, vocabulary: [[...pack.tables.vocabulary.keys()], [...pack.tables.vocabulary.values()]] }
      : null,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = align8(4 + json.byteLength);
  const arrays = arraysOf(pack);
  const out = new Uint8Array(start + arrays.reduce((sum, array) => sum + array.byteLength, 0));
  new DataView(out.buffer).setUint32(0, json.byteLength, true);
  out.set(json, 4);
  let at = start;
  for (const array of arrays) {
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    at += array.byteLength;
  }
  return out;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function parseHeader(bytes: Uint8Array): { header: PackHeader; start: number } {
  if (bytes.byteLength < 4) throw new Error('too short');
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (4 + length > bytes.byteLength) throw new Error('header runs past the end');
  const value: unknown = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, length).toString('utf8'));
  const h = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof PackHeader, unknown>>;
  if (h.format !== FORMAT || h.version !== VERSION) throw new Error('not a packed index of this version');
  if (h.endianness !== endianness()) throw new Error(`written on a ${String(h.endianness)} machine`);
  if (!isStringArray(h.refs) || !isStringArray(h.terms)) throw new Error('bad paper or term list');
  const counts = [h.titlePostings, h.abstractPostings, h.words];
  if (!counts.every((n) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0)) throw new Error('bad array lengths');
  return { header: value as PackHeader, start: align8(4 + length) };
}

const isLongForm = (value: unknown): value is LongForm => {
  const form = value as Partial<Record<keyof LongForm, unknown>> | null;
  return (
    typeof form === 'object' &&
    form !== null &&
    isStringArray(form.stems) &&
    Array.isArray(form.spellings) &&
    form.spellings.every(isStringArray) &&
    typeof form.count === 'number' &&
    Number.isFinite(form.count)
  );
};

function parseTables(tables: PackHeader['tables']): CorpusTables | undefined {
  if (tables === null || tables === undefined) return undefined;
  const [words, counts] = Array.isArray(tables.vocabulary) ? tables.vocabulary : [];
  const acronymsOk =
    Array.isArray(tables.acronyms) &&
    tables.acronyms.every(
      (entry: unknown) => Array.isArray(entry) && typeof entry[0] === 'string' && Array.isArray(entry[1]) && entry[1].every(isLongForm),
    );
  const countsOk = Array.isArray(counts) && counts.every((count: unknown) => typeof count === 'number' && Number.isFinite(count));
  if (!acronymsOk || !isStringArray(words) || !countsOk || words.length !== counts.length) throw new Error('bad corpus tables');
  const vocabulary = new Map<string, number>();
  words.forEach((word, i) => vocabulary.set(word, counts[i] ?? 0));
  return { acronyms: tables.acronyms, vocabulary };
}

/**
 * The packed index in `bytes` (what serializePackedIndex wrote); throws on anything inconsistent: other format or
 * version, lengths that do not add up, offsets out of order, paper or term numbers out of range, a paper or term
 * listed twice, a posting list not strictly ascending, a weight that is not a finite number, malformed tables.
 */
export function loadPackedIndex(bytes: Uint8Array): PackedIndex {
  const { header, start } = parseHeader(bytes);
  const terms = header.terms.length;
  const papers = header.refs.length;
  let at = start;
  // Views of `bytes` where they are aligned (a worker's transferred buffer, a cache file written aligned), else copies.
  const take = <T extends Float64Array | Uint32Array | Int32Array>(
    make: { new (length: number): T; new (buffer: ArrayBufferLike, offset: number, length: number): T; BYTES_PER_ELEMENT: number },
    length: number,
  ): T => {
    const size = length * make.BYTES_PER_ELEMENT;
    if (at + size > bytes.byteLength) throw new Error('arrays run past the end');
    const offset = bytes.byteOffset + at;
    let out: T;
    if (offset % make.BYTES_PER_ELEMENT === 0) {
      out = new make(bytes.buffer, offset, length);
    } else {
      out = new make(length);
      new Uint8Array(out.buffer).set(bytes.subarray(at, at + size));
    }
    at += size;
    return out;
  };
  const titleWeights = take(Float64Array, header.titlePostings);
  const abstractWeights = take(Float64Array, header.abstractPostings);
  const title: FieldPostings = { offsets: take(Uint32Array, terms + 1), docs: take(Int32Array, header.titlePostings), weights: titleWeights };
  const abstract: FieldPostings = {
    offsets: take(Uint32Array, terms + 1),
    docs: take(Int32Array, header.abstractPostings),
    weights: abstractWeights,
  };
  const textOffsets = take(Uint32Array, papers * 2 + 1);
  const text = take(Uint32Array, header.words);
  if (at !== bytes.byteLength) throw new Error(`${bytes.byteLength - at} bytes left over`);
  if (new Set(header.refs).size !== papers) throw new Error('a paper is listed twice');
  if (new Set(header.terms).size !== terms) throw new Error('a term is listed twice');
  for (const postings of [title, abstract]) checkPostings(postings, papers);
  checkOffsets(textOffsets, text.length, 'word offsets');
  // Indexed loops: iterating a typed array with for…of is several times slower.
  for (let i = 0; i < text.length; i++) if (((text[i] ?? 0) & ~STOP_WORD_BIT) >>> 0 >= terms) throw new Error('term number out of range');
  const tables = parseTables(header.tables);
  return {
    refs: header.refs,
    terms: header.terms,
    title,
    abstract,
    df: documentFrequencies(title, abstract),
    textOffsets,
    text,
    ...(tables ? { tables } : {}),
  };
}

/** Each term's run: paper numbers in range and strictly ascending, weights finite. */
function checkPostings(postings: FieldPostings, papers: number): void {
  const { offsets, docs, weights } = postings;
  checkOffsets(offsets, docs.length, 'posting offsets');
  for (let t = 0; t + 1 < offsets.length; t++) {
    let previous = -1;
    for (let k = offsets[t] ?? 0; k < (offsets[t + 1] ?? 0); k++) {
      const doc = docs[k] ?? -1;
      if (doc <= previous || doc >= papers) throw new Error('paper numbers out of range or out of order');
      if (!Number.isFinite(weights[k])) throw new Error('a weight is not a number');
      previous = doc;
    }
  }
}

function checkOffsets(offsets: Uint32Array, end: number, what: string): void {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== end) throw new Error(`${what} do not span their array`);
  for (let i = 1; i < offsets.length; i++) if ((offsets[i] ?? 0) < (offsets[i - 1] ?? 0)) throw new Error(`${what} out of order`);
}
