import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Paper } from '../../src/papers/paper.ts';
import { openRuntime } from '../../src/runtime.ts';
import {
  corpusKey,
  corpusKeyInSlices,
  defaultIndexCacheDir,
  indexCacheFile,
  readIndexCache,
  usableIndexCacheDir,
  writeIndexCache,
} from '../../src/search/index-cache.ts';
import { buildPaperSearch, type BuiltSearch } from '../../src/search/index-builder.ts';
import type { PaperSearch } from '../../src/search/types.ts';
import { DEFAULT_BM25 } from '../../src/search/ranking-options.ts';
import { memoryLogger } from '../ingest/helpers.ts';
import { tempSqliteUrl } from '../support/test-app.ts';
import { loadSeedCorpus, syntheticPapers, withFrozenClock } from './fixtures.ts';

const QUERIES = ['speech recognition', 'KV cache', 'diffusion -video', '"large language models"', 'transfomer', 'RL agents'];

/** What a search answers, compared between a cached and a built index (the clock frozen: every layer applies). */
function answers(search: PaperSearch, papers: readonly Paper[]): unknown {
  return withFrozenClock(() => answersNow(search, papers));
}

function answersNow(search: PaperSearch, papers: readonly Paper[]): unknown {
  const first = papers[0];
  return {
    size: search.size,
    queries: QUERIES.map((q) => {
      const page = search.search(q, { limit: 10 });
      return { total: page.total, corrected: page.correctedQuery, hits: page.hits.map((h) => [h.paper.id, h.score.toFixed(6)]) };
    }),
    similar: first ? search.similar(first.id, 5).map((h) => h.paper.id) : [],
  };
}

describe('index cache', () => {
  let papers: Paper[];
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'index-cache-'));
    dirs.push(dir);
    return dir;
  };
  const build = (corpus: readonly Paper[], cacheDir: string | null): Promise<BuiltSearch & { lines: string[] }> => {
    const { logger, lines } = memoryLogger();
    return buildPaperSearch(corpus, { logger, cacheDir }).then((built) => ({ ...built, lines }));
  };

  beforeAll(async () => {
    papers = await loadSeedCorpus();
  });
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('a warm restart loads the index from the cache, and it answers exactly like the built one', async () => {
    const dir = tempDir();
    const cold = await build(papers, dir);
    expect(cold.source).toBe('built');
    expect(cold.cacheBytes).toBeGreaterThan(1000);
    expect(existsSync(indexCacheFile(dir))).toBe(true);
    // The body starts 8-byte aligned in the file, so a restart reads its arrays in place.
    expect((readFileSync(indexCacheFile(dir)).indexOf(0x0a) + 1) % 8).toBe(0);
    expect(cold.lines.join('\n')).toMatch(/index: built in \d+ ms \(247 papers\)/);

    const warm = await build(papers, dir);
    expect(warm.source).toBe('cache');
    expect(warm.builtIn).toBeNull();
    expect(warm.lines.join('\n')).toMatch(/index: loaded from cache in \d+ ms/);
    expect(answers(warm.search, papers)).toEqual(answers(cold.search, papers));
  });

  it('the key follows what is indexed of the corpus (ids, titles, abstracts), not its order', () => {
    const key = corpusKey(papers);
    expect(corpusKey([...papers].reverse())).toBe(key);
    const retitled = papers.map((p, i) => (i === 3 ? { ...p, title: `${p.title} revisited` } : p));
    expect(corpusKey(retitled)).not.toBe(key);
    const upvoted = papers.map((p, i) => (i === 3 ? { ...p, upvotes: (p.upvotes ?? 0) + 1 } : p));
    expect(corpusKey(upvoted)).toBe(key);
    expect(corpusKey(papers, { bm25: { ...DEFAULT_BM25, k1: 1.5 } })).not.toBe(key);
  });

  it('new upvotes or dates keep the cache valid, and results show and rank by the new ones', async () => {
    const dir = tempDir();
    await build(papers, dir);
    const query = 'attention';
    const before = (await build(papers, null)).search.search(query, { limit: 10 });
    const target = before.hits[4]?.paper;
    if (!target) throw new Error('too few hits');
    const upvoted = papers.map((p) => (p.id === target.id ? { ...p, upvotes: 100_000, date: '2030-01-01' } : p));
    const loaded = await build(upvoted, dir);
    expect(loaded.source).toBe('cache');
    const hit = loaded.search.search(query, { limit: 50 }).hits.find((h) => h.paper.id === target.id);
    expect(hit?.paper.upvotes).toBe(100_000);
    expect(hit?.paper.date).toBe('2030-01-01');
    expect(loaded.search.search(query, { recentFirst: '2029-12-31' }).hits[0]?.paper.id).toBe(target.id);
    expect(answers(loaded.search, upvoted)).toEqual(answers((await build(upvoted, null)).search, upvoted));
  });

  it('hashes a large corpus in slices, letting the event loop run, to the same key', async () => {
    const many = [...papers, ...syntheticPapers(papers, 10_000)];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const key = await corpusKeyInSlices(many);
    clearInterval(timer);
    expect(key).toBe(corpusKey(many));
    expect(ticks).toBeGreaterThan(0);
  });

  it('a few changed or added papers: the stale cache is the base and only they are indexed', async () => {
    const dir = tempDir();
    await build(papers, dir);
    const fileBefore = readFileSync(indexCacheFile(dir));
    const first = papers[0];
    if (!first) throw new Error('no papers');
    const added = { ...first, id: 'zz-new-paper', title: 'Quaggaformer: striped attention', abstract: 'We introduce quaggaformer.' };
    const changed = [...papers.map((p, i) => (i === 0 ? { ...p, abstract: `${p.abstract} Zyxwvut ablation.` } : p)), added];
    const stale = await build(changed, dir);
    expect(stale.source).toBe('cache+recent');
    expect(stale.recentPapers).toHaveLength(2);
    expect(stale.base.papers).toHaveLength(papers.length - 1);
    expect(stale.lines.join('\n')).toMatch(/loaded 246 papers from a stale cache and indexed 2 added or changed ones/);
    expect(stale.search.size).toBe(papers.length + 1);
    expect(stale.search.search('zyxwvut').hits.map((hit) => hit.paper.id)).toEqual([first.id]);
    expect(stale.search.search('quaggaformer').hits.map((hit) => hit.paper.id)).toEqual(['zz-new-paper']);
    // Everything else answers as a full build of the new corpus would (same top hits).
    const rebuilt = await build(changed, null);
    for (const query of QUERIES) {
      expect(stale.search.search(query).hits[0]?.paper.id, query).toBe(rebuilt.search.search(query).hits[0]?.paper.id);
    }
    // The file is left as it was (a full build, e.g. the background merge, rewrites it).
    expect(readFileSync(indexCacheFile(dir)).equals(fileBefore)).toBe(true);
  });

  it('a full build rewrites a stale cache, which then loads again', async () => {
    const dir = tempDir();
    await build(papers, dir);
    const changed = papers.map((p, i) => (i === 0 ? { ...p, abstract: `${p.abstract} Zyxwvut ablation.` } : p));
    const { logger } = memoryLogger();
    const full = await buildPaperSearch(changed, { logger, cacheDir: dir, reuseStale: false });
    expect(full.source).toBe('built');
    const again = await build(changed, dir);
    expect(again.source).toBe('cache');
    expect(again.search.search('zyxwvut').total).toBe(1);
  });

  it('a stale cache is rebuilt when most papers changed, or when it was written with other settings', async () => {
    const dir = tempDir();
    await build(papers, dir);
    const allChanged = papers.map((p) => ({ ...p, abstract: `${p.abstract} Zyxwvut.` }));
    const rebuilt = await build(allChanged, dir);
    expect(rebuilt.source).toBe('built');
    expect(rebuilt.lines.join('\n')).toMatch(/cache is stale \(247 papers added or changed since it was written\); rebuilding/);
    expect(rebuilt.search.search('zyxwvut').total).toBe(247);

    const { logger, lines } = memoryLogger();
    const otherSettings = await buildPaperSearch(papers, { logger, cacheDir: dir, ranking: { bm25: { ...DEFAULT_BM25, k1: 1.5 } } });
    expect(otherSettings.source).toBe('built');
    expect(lines.join('\n')).toMatch(/cache is stale \(the search code or settings changed\)/);
  });

  it('a stale cache whose body is corrupted is not reused: rebuilt with a warning', async () => {
    const dir = tempDir();
    await build(papers, dir);
    const file = indexCacheFile(dir);
    const bytes = Buffer.from(readFileSync(file));
    const at = bytes.length - 100;
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    writeFileSync(file, bytes);
    const changed = papers.map((p, i) => (i === 0 ? { ...p, abstract: `${p.abstract} Zyxwvut ablation.` } : p));
    const rebuilt = await build(changed, dir);
    expect(rebuilt.source).toBe('built');
    expect(rebuilt.lines.join('\n')).toMatch(/WARN .*stale cache file is corrupted \(checksum mismatch\)/);
    expect(rebuilt.search.search('zyxwvut').total).toBe(1);
  });

  const corruptions: Array<[string, (bytes: Buffer) => Buffer]> = [
    ['a truncated file', (bytes) => bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['a flipped byte in the body', (bytes) => {
      const copy = Buffer.from(bytes);
      const at = copy.length - 100;
      copy[at] = (copy[at] ?? 0) ^ 0x01;
      return copy;
    }],
    ['a garbled header', (bytes) => Buffer.concat([Buffer.from('{"format":'), bytes.subarray(bytes.indexOf(0x0a))])],
    ['no header at all', () => Buffer.from('garbage')],
    ['an empty file', () => Buffer.alloc(0)],
  ];
  for (const [what, corrupt] of corruptions) {
    it(`${what} is detected, never trusted: rebuilt with a warning and rewritten`, async () => {
      const dir = tempDir();
      const cold = await build(papers, dir);
      const file = indexCacheFile(dir);
      writeFileSync(file, corrupt(readFileSync(file)));
      const rebuilt = await build(papers, dir);
      expect(rebuilt.source).toBe('built');
      expect(rebuilt.lines.join('\n')).toMatch(/WARN .*index: cache file .* is corrupted/);
      expect(answers(rebuilt.search, papers)).toEqual(answers(cold.search, papers));
      expect((await build(papers, dir)).source).toBe('cache');
    });
  }

  it('a body with a valid checksum that is not a lunr index is corrupted', async () => {
    const file = indexCacheFile(tempDir());
    const key = corpusKey(papers);
    await writeIndexCache(file, key, new TextEncoder().encode('not json'), { papers });
    const read = await readIndexCache(file, key);
    expect(read.status).toBe('corrupt');
    expect(await readIndexCache(join(tempDir(), 'none.cache'), key)).toEqual({ status: 'missing' });
  });

  it('writes atomically: no temporary file is left, abandoned ones (an hour old) are swept', async () => {
    const dir = tempDir();
    const file = indexCacheFile(dir);
    const old = `${file}.123.abcd.tmp`;
    const young = `${file}.456.ef01.tmp`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(old, 'x');
    writeFileSync(young, 'y');
    const hoursAgo = new Date(Date.now() - 2 * 3_600_000);
    utimesSync(old, hoursAgo, hoursAgo);
    await writeIndexCache(file, 'k', new TextEncoder().encode('{}'), { papers: [] });
    expect(readdirSync(dir).sort()).toEqual(['paper-index.cache', basename(young)]);
  });

  it('cache off: always built, nothing written', async () => {
    const first = await build(papers, null);
    const second = await build(papers, null);
    expect([first.source, second.source]).toEqual(['built', 'built']);
    expect(second.cacheBytes).toBeNull();
  });

  it('the runtime loads its index from the cache on a restart, next to the SQLite file by default', async () => {
    const databaseUrl = tempSqliteUrl();
    const dbDir = dirname(databaseUrl.slice('sqlite:'.length));
    dirs.push(dbDir);
    const start = async (): Promise<string[]> => {
      const { logger, lines } = memoryLogger();
      const runtime = await openRuntime(loadConfig({ DATABASE_URL: databaseUrl, SEEDS_DIR: 'seeds' }), logger);
      try {
        await runtime.loadIndex();
        expect(runtime.searchState.current?.size).toBe(247);
      } finally {
        await runtime.close();
      }
      return lines;
    };
    expect((await start()).join('\n')).toMatch(/index: built in \d+ ms \(247 papers\)/);
    expect(existsSync(join(dbDir, 'index-cache', 'paper-index.cache'))).toBe(true);
    expect((await start()).join('\n')).toMatch(/index: loaded from cache in \d+ ms/);
  });

  it('the start-up check of the cache folder leaves nothing behind, and names what stops a folder it cannot use', async () => {
    const root = mkdtempSync(join(tmpdir(), 'paper-digest-probe-'));
    expect(await usableIndexCacheDir(join(root, 'data', 'index-cache'))).toEqual({ ok: true });
    expect(readdirSync(root)).toEqual([]);
    mkdirSync(join(root, 'kept'));
    expect(await usableIndexCacheDir(join(root, 'kept'))).toEqual({ ok: true });
    expect(readdirSync(join(root, 'kept'))).toEqual([]);
    writeFileSync(join(root, 'a-file'), 'x');
    expect(await usableIndexCacheDir(join(root, 'a-file', 'cache'))).toMatchObject({ ok: false, reason: expect.stringMatching(/ENOTDIR/) });
    expect(await usableIndexCacheDir('/proc/paper-digest-probe/cache')).toMatchObject({ ok: false, reason: expect.stringMatching(/ENOENT/) });
    rmSync(root, { recursive: true, force: true });
  });

  it('INDEX_CACHE_DIR: a folder, `off`, or unset for the default', () => {
    expect(loadConfig({ INDEX_CACHE_DIR: '/srv/cache' }).indexCacheDir).toBe('/srv/cache');
    expect(loadConfig({ INDEX_CACHE_DIR: 'off' }).indexCacheDir).toBeNull();
    expect(loadConfig({}).indexCacheDir).toBeUndefined();
  });

  it('defaults next to a SQLite file, data/index-cache otherwise, none for an in-memory database', () => {
    expect(defaultIndexCacheDir(undefined)).toBe(join('data', 'index-cache'));
    expect(defaultIndexCacheDir('sqlite:/var/lib/pd/paper-digest.sqlite')).toBe('/var/lib/pd/index-cache');
    expect(defaultIndexCacheDir('sqlite::memory:')).toBeNull();
    expect(defaultIndexCacheDir('postgres://u:p@h/db')).toBe(join('data', 'index-cache'));
  });
});
