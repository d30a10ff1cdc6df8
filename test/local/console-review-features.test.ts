/** Answers a review of the less-used features found wrong, as the local console prints them. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { consoleScript, useSeededConsole } from '../support/console-script.ts';
import { seedPaperSearch } from '../support/test-app.ts';
import { startLookupFixtures } from '../ingest/lookup-fixtures.ts';

describe('local console: the review of the less-used features', () => {
  let runtime: Runtime;
  useSeededConsole((r) => {
    runtime = r;
  });

  it('a name typed like an emoji code that every object has (`:constructor:`) prints as typed, not as JavaScript', async () => {
    const out = await consoleScript(runtime, ['/paper follow ":constructor:"', '/paper unfollow ":toString:"']);
    expect(out).not.toContain('native code');
    expect(out).toContain('This channel now follows :constructor:: their new papers');
    expect(out).toContain("This channel doesn't follow :toString:.");
  });

  it('/paper help says followed papers come with the channel\'s topic digest, whatever its cadence, not its "daily digest"', async () => {
    const out = await consoleScript(runtime, ['/paper help']);
    expect(out).not.toContain("This channel's daily digest");
    expect(out).toContain('This channel\'s digest gets a "From people you follow" section with their new papers (it rides on the channel\'s oldest topic digest, daily or not; a top list carries none, so subscribe to a topic first).');
  });

  it('/paper list with one rating says `/paper reset …` forgets it, not them', async () => {
    const channel = { teamId: 'T_LOCAL', channelId: 'C_ONE_RATING', userId: 'U_LOCAL' };
    const out = await consoleScript(runtime, ['/paper attention', '👍 1', '/paper list', '/paper subscribe attention', '/paper digest attention', '👍 1', '/paper reset ratings', '/paper list'], undefined, channel);
    expect(out).toContain('1 rating given outside digests (search results, shared papers, link cards, top lists, stopped digests) shapes this channel\'s searches (and its digests, once it has some) · `/paper reset ratings` forgets it');
    expect(out).toMatch(/shaped by 1 rating · `\/paper reset #\d+` forgets it\n/);
    expect(out).not.toMatch(/forgets them/);
  });
});

describe('local console: reset of a feed of papers like its examples', () => {
  it('with nothing to forget, does not say that no example papers shaped it (they stay)', async () => {
    const { hf, arxiv } = await startLookupFixtures();
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url });
    const runtime = await openRuntime(config, createLogger({ level: LogLevel.ERROR }));
    try {
      runtime.searchState.swap(await seedPaperSearch());
      const out = await consoleScript(runtime, ['/paper subscribe like https://huggingface.co/papers/2510.02283', '/paper reset like 2510.02283']);
      expect(out).toMatch(/Subscribed this channel to papers like “Self-Forcing\+\+/);
      expect(out).not.toContain('no example papers or ratings shaped it');
      expect(out).toContain('nothing to forget: no ratings from its digests shaped it. Its example paper stays: it is what this feed follows');
    } finally {
      await runtime.close();
      await Promise.all([hf.stop(), arxiv.stop()]);
    }
  });
});
