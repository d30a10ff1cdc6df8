/**
 * The serialized search index on disk, so a restart loads the index instead of rebuilding it.
 *
 * One file, `paper-index.cache`: a one-line JSON header, a newline, then the body — the packed index with its corpus
 * tables (packed-index.ts: lunr's posting lists and weights in typed arrays). The header carries
 * - `key`: sha256 over the corpus (what is indexed of each paper: id, title, abstract, sorted by id), the cache
 *   format, SEARCH_CODE_VERSION, lunr's version and the ranking options, so any change to what would be indexed makes
 *   the file stale (upvotes, dates and authors are read from the papers themselves: new ones keep it valid);
 * - `checksum`: sha256 of the body, and its length in bytes.
 * - `settings`: sha256 of the same minus the corpus, and `fingerprints`: per paper id a hash of what is indexed, so a
 *   stale file made by the same code can still serve as the base index of the papers that did not change (the
 *   changed and new ones go to a small recent index, see index-builder.ts).
 * Nothing in the file is trusted: a missing file, another key (stale), a bad checksum, a body that does not parse
 * or whose arrays do not add up (corrupted) all mean "build and rewrite" (or, for a stale file, "reuse only what matches"). Writes go to a temporary file renamed over the old
 * one, so a crash mid-write leaves the previous file or none, never half of one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lunr from 'lunr';
import { errorText } from '../error-text.ts';
import { makeDirectory } from '../make-directory.ts';
import type { Paper } from '../papers/paper.ts';
import { loadPackedIndex, type PackedIndex } from './retrieve/packed-index.ts';
import { DEFAULT_RANKING, type RankingOptions } from './ranking-options.ts';

/** Layout of the file (header + body). */
export const INDEX_CACHE_FORMAT = 3;
/**
 * Version of the analysis and indexing code (tokenizer, stemmer, stop words, lunr fields, and what the cache keeps
 * besides the index: acronym mining, the spelling vocabulary's words): bump it whenever a change there would index
 * the same papers differently or mine other tables from them, so older cache files become stale.
 */
export const SEARCH_CODE_VERSION = 1;
export const INDEX_CACHE_FILE = 'paper-index.cache';

export interface IndexCacheHeader {
  format: number;
  key: string;
  checksum: string;
  bytes: number;
  papers: number;
  settings: string;
  /** paper id → fingerprint of the version indexed. */
  fingerprints: Record<string, string>;
}

export type IndexCacheHit = { status: 'hit'; index: PackedIndex; bytes: number };
export type IndexCacheCorrupt = { status: 'corrupt'; reason: string };

/** A stale cache file made with the same code and settings: which papers it indexed, and its index when asked. */
export interface ReusableCache {
  fingerprints: ReadonlyMap<string, string>;
  /** Checks the body (checksum, then its arrays) as for a hit. */
  load(): IndexCacheHit | IndexCacheCorrupt;
}

export type IndexCacheRead =
  | IndexCacheHit
  | { status: 'missing' }
  | { status: 'stale'; reusable: ReusableCache | null }
  | IndexCacheCorrupt;

/**
 * Where the cache lives unless INDEX_CACHE_DIR says: next to a SQLite file, `data/index-cache` for the default
 * SQLite file and for Postgres, none for an in-memory SQLite database (nothing else of it survives a restart).
 */
export function defaultIndexCacheDir(databaseUrl: string | undefined): string | null {
  if (!databaseUrl || /^postgres(ql)?:\/\//i.test(databaseUrl)) return join('data', 'index-cache');
  if (databaseUrl.startsWith('sqlite:')) {
    const path = databaseUrl.slice('sqlite:'.length);
    if (path === ':memory:' || path === '') return null;
    return join(dirname(path), 'index-cache');
  }
  return join('data', 'index-cache');
}

/**
 * Whether a cache file can be written in the folder (a probe file is written there and removed, and folders made for it
 * are removed again: the first cache write makes them), else what stops it. Checked once at start, so a folder that
 * cannot be used is one log line, not a warning per build.
 */
export async function usableIndexCacheDir(dir: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  const probe = join(dir, `.write-check.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let made: string[] = [];
  try {
    made = makeDirectory(dir);
    await writeFile(probe, '');
    await unlink(probe);
    return { ok: true };
  } catch (error) {
    await unlink(probe).catch(() => undefined);
    return { ok: false, reason: errorText(error) };
  } finally {
    for (const folder of made.reverse()) await rmdir(folder).catch(() => undefined);
  }
}

export function indexCacheFile(dir: string): string {
  return join(dir, INDEX_CACHE_FILE);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function settingsJson(ranking: Partial<RankingOptions>): string {
  return JSON.stringify(['paper-digest-index', INDEX_CACHE_FORMAT, SEARCH_CODE_VERSION, lunr.version, { ...DEFAULT_RANKING, ...ranking }]);
}

/** What the index holds of a paper: the rest (upvotes, date, authors …) is read from the paper at query time. */
function indexedJson(p: Paper): string {
  return JSON.stringify([p.id, p.title, p.abstract]);
}

/** How papers are indexed (code, format, lunr, ranking options), without the corpus. */
export function settingsKey(ranking: Partial<RankingOptions> = {}): string {
  return sha256(settingsJson(ranking));
}

/** A hash of what the index holds of a paper: a version with another title or abstract has another fingerprint. */
export function paperFingerprint(paper: Paper): string {
  return sha256(indexedJson(paper)).slice(0, 24);
}

/** The cache key of a corpus: what would be indexed (id, title and abstract of each paper, sorted by id) and how. */
export function corpusKey(papers: readonly Paper[], ranking: Partial<RankingOptions> = {}): string {
  const steps = corpusKeySteps(papers, ranking);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `corpusKey`, letting the event loop run every few milliseconds of hashing (the key of 50k papers takes most of a
 * second: in one piece it would hold `/paper` answers that long while a background merge starts).
 */
export async function corpusKeyInSlices(papers: readonly Paper[], ranking: Partial<RankingOptions> = {}): Promise<string> {
  const steps = corpusKeySteps(papers, ranking);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

const KEY_SLICE_MS = 10;

/** The hashing of corpusKey, yielding whenever a slice of KEY_SLICE_MS is used up. */
function* corpusKeySteps(papers: readonly Paper[], ranking: Partial<RankingOptions>): Generator<void, string> {
  const hash = createHash('sha256');
  hash.update(settingsJson(ranking));
  // Ids sorted as plain strings (the built-in order: much quicker than a comparator); papers sharing an id in the
  // order given, as a stable sort of the papers would have them.
  const byId = new Map<string, Paper[]>();
  for (const p of papers) {
    const group = byId.get(p.id);
    if (group) group.push(p);
    else byId.set(p.id, [p]);
  }
  const ids = [...byId.keys()].sort();
  let deadline = performance.now() + KEY_SLICE_MS;
  for (const p of ids.flatMap((id) => byId.get(id) ?? [])) {
    hash.update('\n');
    hash.update(indexedJson(p));
    if (performance.now() >= deadline) {
      yield;
      deadline = performance.now() + KEY_SLICE_MS;
    }
  }
  return hash.digest('hex');
}

/** The header, `other format` for a file an older (or newer) version wrote, null when it cannot be read. */
function parseHeader(text: string): IndexCacheHeader | 'other format' | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const h = value as Partial<Record<keyof IndexCacheHeader, unknown>>;
  if (typeof h.format === 'number' && h.format !== INDEX_CACHE_FORMAT) return 'other format';
  if (
    typeof h.format !== 'number' ||
    typeof h.key !== 'string' ||
    typeof h.checksum !== 'string' ||
    typeof h.bytes !== 'number' ||
    typeof h.papers !== 'number' ||
    typeof h.settings !== 'string' ||
    typeof h.fingerprints !== 'object' ||
    h.fingerprints === null
  ) {
    return null;
  }
  const fingerprints = h.fingerprints as Record<string, unknown>;
  if (!Object.values(fingerprints).every((value) => typeof value === 'string')) return null;
  return {
    format: h.format,
    key: h.key,
    checksum: h.checksum,
    bytes: h.bytes,
    papers: h.papers,
    settings: h.settings,
    fingerprints: fingerprints as Record<string, string>,
  };
}

/**
 * Reads and checks the cache file against `key`; only a `hit` carries an index. A stale file made with `settings`
 * (settingsKey) is offered for reuse.
 */
export async function readIndexCache(file: string, key: string, settings?: string): Promise<IndexCacheRead> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'corrupt', reason: `cannot read it (${errorText(error)})` };
  }
  return checkIndexCache(data, key, settings);
}

/**
 * Checks a cache file's bytes against `key` (synchronous: checksum, then the packed index's arrays). A file for another
 * corpus made with `settings` is stale but reusable (its body is checked only if it is loaded).
 */
export function checkIndexCache(data: Buffer, key: string, settings?: string): IndexCacheRead {
  const newline = data.indexOf(0x0a);
  if (newline < 0) return { status: 'corrupt', reason: 'no header line' };
  const header = parseHeader(data.subarray(0, newline).toString('utf8'));
  if (header === 'other format') return { status: 'stale', reusable: null };
  if (!header) return { status: 'corrupt', reason: 'unreadable header' };
  if (header.key !== key) {
    if (settings === undefined || header.settings !== settings) return { status: 'stale', reusable: null };
    return {
      status: 'stale',
      reusable: { fingerprints: new Map(Object.entries(header.fingerprints)), load: () => checkBody(data, newline, header) },
    };
  }
  return checkBody(data, newline, header);
}

function checkBody(data: Buffer, newline: number, header: IndexCacheHeader): IndexCacheHit | IndexCacheCorrupt {
  const body = data.subarray(newline + 1);
  if (body.byteLength !== header.bytes) {
    return { status: 'corrupt', reason: `body is ${body.byteLength} bytes, header says ${header.bytes}` };
  }
  if (sha256(body) !== header.checksum) return { status: 'corrupt', reason: 'checksum mismatch' };
  try {
    return { status: 'hit', index: loadPackedIndex(body), bytes: data.byteLength };
  } catch (error) {
    return { status: 'corrupt', reason: `cannot load it (${errorText(error)})` };
  }
}

/** Temporary files a crashed write left behind (an hour old: a concurrent writer's is younger). */
async function removeAbandonedTempFiles(file: string): Promise<void> {
  const prefix = `${basename(file)}.`;
  const names = await readdir(dirname(file)).catch(() => []);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const path = join(dirname(file), name);
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > 3_600_000) await unlink(path).catch(() => undefined);
  }
}

/**
 * The cache file's bytes for the index of `papers` (header line, then `body`): what the file holds and what a shared
 * snapshot stores. `key` is `corpusKey(papers, ranking)`.
 */
export function encodeIndexCache(key: string, body: Uint8Array, corpus: { papers: readonly Paper[]; ranking?: Partial<RankingOptions> }): Buffer {
  const fingerprints: Record<string, string> = {};
  for (const paper of corpus.papers) fingerprints[paper.id] ??= paperFingerprint(paper);
  const header: IndexCacheHeader = {
    format: INDEX_CACHE_FORMAT,
    key,
    checksum: sha256(body),
    bytes: body.byteLength,
    papers: corpus.papers.length,
    settings: settingsKey(corpus.ranking),
    fingerprints,
  };
  // Padded so the body starts 8-byte aligned in the file: its arrays are then read in place (packed-index.ts).
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.concat([json, Buffer.from(`${' '.repeat((8 - ((json.byteLength + 1) % 8)) % 8)}\n`)]);
  return Buffer.concat([head, body]);
}

/**
 * Writes the cache file of the index of `papers` atomically (temporary file, then rename); returns its size in
 * bytes. `key` is `corpusKey(papers, ranking)`.
 */
export async function writeIndexCache(
  file: string,
  key: string,
  body: Uint8Array,
  corpus: { papers: readonly Paper[]; ranking?: Partial<RankingOptions> },
): Promise<number> {
  return writeIndexCacheBytes(file, encodeIndexCache(key, body, corpus));
}

/** Writes cache file bytes (`encodeIndexCache`, or a shared snapshot's) atomically; returns their size. */
export async function writeIndexCacheBytes(file: string, bytes: Uint8Array): Promise<number> {
  makeDirectory(dirname(file));
  await removeAbandonedTempFiles(file);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return bytes.byteLength;
}
