/** Answers a review of the less-used features found wrong, as the local console prints them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { consoleScript } from '../support/console-script.ts';
import { seedPaperSearch } from '../support/test-app.ts';

describe('local console: the review of the less-used features', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await openRuntime(loadConfig({ DATABASE_URL: 'sqlite::memory:' }), createLogger({ level: LogLevel.ERROR }));
    runtime.searchState.swap(await seedPaperSearch());
  });
  afterAll(async () => {
    await runtime.close();
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
});
