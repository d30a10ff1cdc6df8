/**
 * The serialized search index on disk, so a restart loads the lunr index instead of rebuilding it.
 *
 * One file, `paper-index.cache`: a one-line JSON header, a newline, then the body — lunr's own serialized index
 * (`JSON.stringify(index)`, read back with `lunr.Index.load`). The header carries
 * - `key`: sha256 over the corpus (every paper's fields, sorted by id), the cache format, SEARCH_CODE_VERSION,
 *   lunr's version and the ranking options, so any change to what would be indexed makes the file stale;
 * - `checksum`: sha256 of the body, and its length in bytes.
 * Nothing in the file is trusted: a missing file, another key (stale), a bad checksum, a body that does not parse
 * or that lunr refuses (corrupted) all mean "build and rewrite". Writes go to a temporary file renamed over the old
 * one, so a crash mid-write leaves the previous file or none, never half of one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lunr from 'lunr';
import type { Paper } from '../papers/paper.ts';
import { DEFAULT_RANKING, type RankingOptions } from './paper-index.ts';

/** Layout of the file (header + body). */
export const INDEX_CACHE_FORMAT = 1;
/**
 * Version of the analysis and indexing code (tokenizer, stemmer, stop words, lunr fields): bump it whenever a change
 * there would index the same papers differently, so older cache files become stale.
 */
export const SEARCH_CODE_VERSION = 1;
export const INDEX_CACHE_FILE = 'paper-index.cache';

export interface IndexCacheHeader {
  format: number;
  key: string;
  checksum: string;
  bytes: number;
  papers: number;
}

export type IndexCacheRead =
  | { status: 'hit'; index: lunr.Index; bytes: number }
  | { status: 'missing' }
  | { status: 'stale' }
  | { status: 'corrupt'; reason: string };

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

export function indexCacheFile(dir: string): string {
  return join(dir, INDEX_CACHE_FILE);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The cache key of a corpus: what would be indexed (every paper field, sorted by id) and how. */
export function corpusKey(papers: readonly Paper[], ranking: Partial<RankingOptions> = {}): string {
  const hash = createHash('sha256');
  const options = { ...DEFAULT_RANKING, ...ranking };
  hash.update(JSON.stringify(['paper-digest-index', INDEX_CACHE_FORMAT, SEARCH_CODE_VERSION, lunr.version, options]));
  const sorted = [...papers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const p of sorted) {
    hash.update('\n');
    hash.update(JSON.stringify([p.id, p.title, p.abstract, p.date, p.upvotes, p.authors, p.authorCount, p.arxivId, p.url]));
  }
  return hash.digest('hex');
}

/** lunr's serialized form of an index, as UTF-8 bytes in a buffer of their own (transferable between threads). */
export function serializeIndex(index: lunr.Index): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(index));
}

export function loadSerializedIndex(body: Uint8Array): lunr.Index {
  const parsed: unknown = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error('not a serialized lunr index');
  return lunr.Index.load(parsed);
}

function parseHeader(text: string): IndexCacheHeader | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const h = value as Partial<Record<keyof IndexCacheHeader, unknown>>;
  if (
    typeof h.format !== 'number' ||
    typeof h.key !== 'string' ||
    typeof h.checksum !== 'string' ||
    typeof h.bytes !== 'number' ||
    typeof h.papers !== 'number'
  ) {
    return null;
  }
  return { format: h.format, key: h.key, checksum: h.checksum, bytes: h.bytes, papers: h.papers };
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads and checks the cache file against `key`; only a `hit` carries an index. */
export async function readIndexCache(file: string, key: string): Promise<IndexCacheRead> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
    return { status: 'corrupt', reason: `cannot read it (${reason(error)})` };
  }
  return checkIndexCache(data, key);
}

/** Checks a cache file's bytes against `key` (synchronous: checksum, JSON parse, lunr load). */
export function checkIndexCache(data: Buffer, key: string): IndexCacheRead {
  const newline = data.indexOf(0x0a);
  if (newline < 0) return { status: 'corrupt', reason: 'no header line' };
  const header = parseHeader(data.subarray(0, newline).toString('utf8'));
  if (!header) return { status: 'corrupt', reason: 'unreadable header' };
  if (header.format !== INDEX_CACHE_FORMAT || header.key !== key) return { status: 'stale' };
  const body = data.subarray(newline + 1);
  if (body.byteLength !== header.bytes) {
    return { status: 'corrupt', reason: `body is ${body.byteLength} bytes, header says ${header.bytes}` };
  }
  if (sha256(body) !== header.checksum) return { status: 'corrupt', reason: 'checksum mismatch' };
  try {
    return { status: 'hit', index: loadSerializedIndex(body), bytes: data.byteLength };
  } catch (error) {
    return { status: 'corrupt', reason: `lunr cannot load it (${reason(error)})` };
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

/** Writes the cache file atomically (temporary file, then rename); returns its size in bytes. */
export async function writeIndexCache(file: string, key: string, body: Uint8Array, papers: number): Promise<number> {
  const header: IndexCacheHeader = { format: INDEX_CACHE_FORMAT, key, checksum: sha256(body), bytes: body.byteLength, papers };
  const head = Buffer.from(`${JSON.stringify(header)}\n`, 'utf8');
  await mkdir(dirname(file), { recursive: true });
  await removeAbandonedTempFiles(file);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, Buffer.concat([head, body]));
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  return head.byteLength + body.byteLength;
}
