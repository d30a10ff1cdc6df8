/**
 * The papers a search serves and their posting lists across its segments: one segment serving all its papers reads
 * its packed lists as they are; several (a base and recent papers) merge each stem's lists on first use, the
 * weights rescaled to the idf over all served papers, so scores compare as one index's would.
 */
import type { Paper } from '../../papers/paper.ts';
import type { IndexedPaper, StemSequence } from '../tables/paper-text.ts';
import { EMPTY_POSTINGS, FIELDS, lunrIdf, type FieldName, type Postings } from './lunr-index.ts';
import type { Segment } from './segment.ts';
import { unionSize } from './sorted-union.ts';

/** What a search is made of: its papers (superseded ones included, marked dead) and the lunr segments over them. */
export interface CorpusParts {
  entries: IndexedPaper[];
  /** 1 for each paper served (null: all of them). A paper re-indexed in a later segment is dead in the earlier one. */
  live: Uint8Array | null;
  /** id → paper number of the served version. */
  byId: Map<string, number>;
  segments: Segment[];
}

export class Corpus {
  readonly entries: IndexedPaper[];
  readonly live: Uint8Array | null;
  readonly byId: Map<string, number>;
  readonly segments: Segment[];
  /** Papers served. */
  readonly liveCount: number;
  /** One segment serving every paper it indexed: its posting lists are the search's, as they are. */
  readonly direct: Segment | null;
  /** stem → number of papers containing it (idf of feedback and "similar" terms), read from lunr on first use. */
  readonly #df = new Map<string, number>();
  /** Per field, stem → its posting list over all segments (idf rescaled to the whole corpus), made on first use. */
  readonly #postings = new Map<FieldName, Map<string, Postings>>(FIELDS.map((field) => [field, new Map()]));
  #days: Int32Array | undefined;
  #newsDays: Int32Array | undefined;

  constructor(parts: CorpusParts) {
    this.entries = parts.entries;
    this.live = parts.live;
    this.byId = parts.byId;
    this.segments = parts.segments;
    this.liveCount = parts.byId.size;
    const only = parts.segments.length === 1 ? parts.segments[0] : undefined;
    // One segment serving every paper of the search, and only those: its lists are the search's as they are.
    this.direct = only && parts.live === null && only.complete && only.documentCount === parts.byId.size ? only : null;
  }

  /** Paper numbers, one slot per paper ever indexed (served or not): the size of per-query scratch buffers. */
  get slots(): number {
    return this.entries.length;
  }

  /** Whether a paper number is a served paper (not a version replaced by a later segment). */
  isLive(doc: number): boolean {
    return this.live === null || this.live[doc] === 1;
  }

  paper(doc: number): Paper | undefined {
    return this.entries[doc]?.paper;
  }

  /** Each paper's date as a number (YYYYMMDD; 0 when undated), made on first use (`recentFirst` compares these). */
  dayNumbers(): Int32Array {
    return (this.#days ??= Int32Array.from(this.entries, (entry) => dayNumber(entry.paper.date)));
  }

  /**
   * The day each paper became news (YYYYMMDD; 0 when unknown): the later of its date and its day on Hugging Face's
   * daily list, so a preprint listed weeks after arXiv published it is news the week it is listed (`recentFirst`).
   */
  newsDayNumbers(): Int32Array {
    return (this.#newsDays ??= Int32Array.from(this.entries, (entry) =>
      Math.max(dayNumber(entry.paper.date), dayNumber(entry.paper.listedOn ?? null)),
    ));
  }

  /** Whether any segment indexed a stem. */
  indexed(s: string): boolean {
    return this.segments.some((segment) => segment.has(s));
  }

  /** Whether the index knows a stem. */
  knows(s: string): boolean {
    return this.dfOf(s) > 0;
  }

  /** Number of papers containing a stem (in either field). */
  dfOf(s: string): number {
    if (this.direct) return this.direct.documentsContaining(s);
    const cached = this.#df.get(s);
    if (cached !== undefined) return cached;
    const df = this.indexed(s) ? unionSize(this.postingsOf('title', s).docs, this.postingsOf('abstract', s).docs) : 0;
    this.#df.set(s, df);
    return df;
  }

  /** BM25's idf for a stem the index knows (always > 0). */
  idf(stem: string): number {
    const df = this.dfOf(stem);
    return Math.log(1 + (this.liveCount - df + 0.5) / (df + 0.5));
  }

  /** Whether a paper contains a stem (in either field). */
  has(doc: number, s: string): boolean {
    return sortedHas(this.postingsOf('title', s).docs, doc) || sortedHas(this.postingsOf('abstract', s).docs, doc);
  }

  /**
   * `has` for one stem asked of many papers: its two lists looked up once (a query's re-rank asks it of hundreds of
   * papers).
   */
  hasStem(s: string): (doc: number) => boolean {
    const title = this.postingsOf('title', s).docs;
    const abstract = this.postingsOf('abstract', s).docs;
    return (doc) => sortedHas(title, doc) || sortedHas(abstract, doc);
  }

  /**
   * Whether a paper has every stem of a sequence: from one pass over their posting lists per query (a few list
   * walks instead of binary searches for each of tens of thousands of papers).
   */
  hasAll(doc: number, sequence: StemSequence): boolean {
    if (!sequence.papersWithAll) {
      const stems = [...new Set(sequence.stems)];
      // counts[doc] = how many of the stems so far the paper has, counted once per stem whatever the field.
      const counts = new Uint16Array(this.entries.length);
      stems.forEach((s, i) => {
        for (const field of FIELDS) {
          const { docs } = this.postingsOf(field, s);
          for (let k = 0; k < docs.length; k++) {
            const at = docs[k] ?? 0;
            if (counts[at] === i) counts[at] = i + 1;
          }
        }
      });
      for (let d = 0; d < counts.length; d++) counts[d] = counts[d] === stems.length ? 1 : 0;
      sequence.papersWithAll = counts;
    }
    return sequence.papersWithAll[doc] === 1;
  }

  /**
   * One field's posting list of a stem, papers in ascending order, each with lunr's BM25 weight of the stem in it.
   * One complete segment: its list as it is. Several: the served papers' entries of each segment, the weights rescaled
   * from the idf that segment's build used to the idf over all served papers (lunr's formula), so scores from a base
   * and a recent segment compare as if one index held them all.
   */
  postingsOf(field: FieldName, s: string): Postings {
    if (this.direct) return this.direct.postings(field, s);
    const cached = this.#postings.get(field)?.get(s);
    if (cached) return cached;
    const perField = FIELDS.map((f) => this.segments.map((segment) => this.#liveOnly(segment.postings(f, s))));
    const documentsWithTerm = perField.reduce((sum, lists) => sum + lists.reduce((n, list) => n + list.docs.length, 0), 0);
    const idf = lunrIdf(documentsWithTerm, this.liveCount);
    FIELDS.forEach((f, i) => {
      const lists = perField[i] ?? [];
      const scales = lists.map((_, k) => {
        const local = this.segments[k]?.idf(s) ?? 0;
        return local > 0 ? idf / local : 0;
      });
      const nonEmpty = lists.flatMap((list, k) => (list.docs.length > 0 ? [k] : []));
      const only = nonEmpty.length === 1 ? nonEmpty[0] : undefined;
      if (only !== undefined) {
        // One segment holds the stem (the usual case): its list, shared, with the new scale.
        const list = lists[only] ?? EMPTY_POSTINGS;
        this.#postings.get(f)?.set(s, { docs: list.docs, weights: list.weights, scale: list.scale * (scales[only] ?? 0) });
        return;
      }
      const length = lists.reduce((n, list) => n + list.docs.length, 0);
      const merged: Postings = { docs: new Int32Array(length), weights: new Float64Array(length), scale: 1 };
      let at = 0;
      lists.forEach((list, k) => {
        const scale = list.scale * (scales[k] ?? 0);
        merged.docs.set(list.docs, at);
        for (let j = 0; j < list.weights.length; j++) merged.weights[at + j] = (list.weights[j] ?? 0) * scale;
        at += list.docs.length;
      });
      this.#postings.get(f)?.set(s, merged);
    });
    return this.#postings.get(field)?.get(s) ?? EMPTY_POSTINGS;
  }

  /** A segment's posting list without the papers a later segment replaced. */
  #liveOnly(list: Postings): Postings {
    const live = this.live;
    if (live === null) return list;
    let kept = 0;
    for (let i = 0; i < list.docs.length; i++) if (live[list.docs[i] ?? 0] === 1) kept++;
    if (kept === list.docs.length) return list;
    const out: Postings = { docs: new Int32Array(kept), weights: new Float64Array(kept), scale: list.scale };
    let at = 0;
    for (let i = 0; i < list.docs.length; i++) {
      const doc = list.docs[i] ?? 0;
      if (live[doc] !== 1) continue;
      out.docs[at] = doc;
      out.weights[at++] = list.weights[i] ?? 0;
    }
    return out;
  }
}

/** Whether a sorted list holds a value (binary search). */
function sortedHas(list: Int32Array, value: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = list[mid] ?? 0;
    if (at === value) return true;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** A YYYY-MM-DD day as the number YYYYMMDD (ordered as the days are); 0 for none or anything else. */
export function dayNumber(day: string | null): number {
  if (day === null || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return 0;
  return Number(day.slice(0, 4)) * 10_000 + Number(day.slice(5, 7)) * 100 + Number(day.slice(8, 10));
}
