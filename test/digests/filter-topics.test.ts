import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { composeDigest, countMatches } from '../../src/digests/compose.ts';
import { runLocalConsole } from '../../src/local/console.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { paper } from '../search/fixtures.ts';
import { parseCommand } from '../../src/commands/grammar.ts';
import { errorMessage } from '../../src/views/error.ts';
import { searchResultsMessage } from '../../src/views/search-results.ts';

/** The Slack text of a refused command. */
function runPaperText(text: string): string {
  const command = parseCommand(text.replace(/^\/paper /, ''));
  if (command.kind !== 'invalid') throw new Error(`not refused: ${text}`);
  return JSON.stringify(errorMessage(command.message).blocks);
}

const REPO = 'https://github.com/example/kernels';
const withCode = paper('Sparse Attention Kernels', 'Sparse attention kernels for long documents.', { authors: ['Tri Dao'], date: '2026-11-20', upvotes: 40, githubRepo: REPO });
const noCode = paper('Sparse Attention Survey', 'A survey of sparse attention.', { authors: ['Samy Bengio'], date: '2026-11-21', upvotes: 90 });
const oldWithCode = paper('Block Sparse Attention', 'Block sparse attention, the classic.', { authors: ['Tri  Dao'], date: '2024-01-10', upvotes: 5, githubRepo: REPO });
const offTopic = paper('Graph Networks With Code', 'Message passing on graphs.', { authors: ['Dao, Tri'], date: '2026-11-22', upvotes: 3, githubRepo: REPO });
const papers = [withCode, noCode, oldWithCode, offTopic];
const search = createPaperSearch(papers);
const NOW = new Date('2026-11-23T09:00:00Z');

describe('a digest topic with filters', () => {
  it('sends only papers with every topic word that pass the filters, fresh first', () => {
    const ids = composeDigest(search, 'sparse attention has:code', new Set(), 5, { now: NOW }).map((hit) => hit.paper.id);
    expect(ids).toEqual([withCode.id, oldWithCode.id]);
    expect(countMatches(search, 'sparse attention has:code')).toBe(2);
    expect(composeDigest(search, 'sparse attention has:code since:2026-11', new Set(), 5, { now: NOW }).map((hit) => hit.paper.id)).toEqual([withCode.id]);
  });

  it('a topic of only filters is a digest of the papers they select, newest first, never the ones sent', () => {
    const ids = composeDigest(search, 'author:"Tri Dao"', new Set([withCode.id]), 5, { now: NOW }).map((hit) => hit.paper.id);
    expect(ids).toEqual([offTopic.id, oldWithCode.id]);
    expect(countMatches(search, 'author:"Tri Dao"')).toBe(3);
  });

  it('a topic whose filter cannot be read holds nothing', () => {
    expect(composeDigest(search, 'sparse attention since:yesterday', new Set(), 5, { now: NOW })).toEqual([]);
  });
});

async function runConsole(lines: string[]): Promise<string> {
  const runtime = await openRuntime(loadConfig({ DATABASE_URL: 'sqlite::memory:' }), createLogger({ level: LogLevel.ERROR }));
  runtime.searchState.swap(search);
  let out = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString('utf8');
      done();
    },
  });
  try {
    await runLocalConsole({ input: Readable.from([lines.join('\n')]), output, interactive: false, deps: runtime.commandDeps(alwaysReachable, { homeTab: false }) });
  } finally {
    await runtime.close();
  }
  return out;
}

describe('filters through /paper (the local console runs the Slack command code)', () => {
  it('searches, previews a digest and subscribes with filters; refuses a topic whose filter cannot be read', async () => {
    const searched = await runConsole(['/paper author:"Tri Dao" has:code']);
    expect(searched).toContain('Graph Networks With Code');
    expect(searched).toContain('Block Sparse Attention');
    expect(searched).not.toContain('Sparse Attention Survey');

    const previewed = await runConsole(['/paper digest sparse attention has:code']);
    expect(previewed).toContain('Sparse Attention Kernels');
    expect(previewed).toContain('Block Sparse Attention');
    expect(previewed).not.toContain('Sparse Attention Survey');
    expect(previewed).not.toContain('Graph Networks With Code');

    const refused = await runConsole(['/paper subscribe sparse attention since:yesterday', '/paper list']);
    expect(refused).toContain('`since:yesterday` is not a date');
    expect(refused).not.toMatch(/Error|at .*\.ts:\d+/);

    const subscribed = await runConsole(['/paper subscribe sparse attention has:code weekly', '/paper list']);
    expect(subscribed).toContain('sparse attention has:code');
    expect(subscribed).not.toContain('is not a date');
  });
});

describe('a refused filter is quoted back as typed', () => {
  it('`upvotes:>abc` keeps its `>` in the search answer and in the refused subscription', async () => {
    const searched = await runConsole(['/paper attention upvotes:>abc']);
    expect(searched).toContain('`upvotes:>abc` is not a number of upvotes');
    const refused = await runConsole(['/paper subscribe attention upvotes:>abc']);
    expect(refused).toContain('`upvotes:>abc` is not a number of upvotes');
  });

  it('in Slack the echo is escaped: `<` and `>` as entities, a backtick cannot end the code span', () => {
    const page = search.search('attention since:<!here>` x', { offset: 0, limit: 5 });
    const text = JSON.stringify(searchResultsMessage(page, { pageSize: 5 }).blocks);
    expect(text).toContain('`since:&lt;!here&gt;\u02CB`');
    expect(text).not.toContain('<!here>');
    const refused = runPaperText('/paper subscribe attention upvotes:<!here>');
    expect(refused).toContain('`upvotes:&lt;!here&gt;`');
    expect(refused).not.toContain('<!here>');
  });
});

