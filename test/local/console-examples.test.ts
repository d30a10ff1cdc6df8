/**
 * The local console takes example-seeded subscriptions the same way Slack does (issue 16): `subscribe … like <link>`
 * looks the paper up (Hugging Face fixture), `list` shows it, `reset` forgets it, an unknown id is named.
 */
import { consoleScript } from '../support/console-script.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime } from '../../src/runtime.ts';
import type { ArxivFixture } from '../ingest/arxiv-fixture.ts';
import type { HfFixture } from '../ingest/hf-fixture.ts';
import { startLookupFixtures } from '../ingest/lookup-fixtures.ts';
import { seedPaperSearch } from '../support/test-app.ts';


describe('local console: example-seeded subscriptions', () => {
  let hf: HfFixture;
  let arxiv: ArxivFixture;
  beforeAll(async () => {
    ({ hf, arxiv } = await startLookupFixtures());
  });
  afterAll(async () => {
    await Promise.all([hf.stop(), arxiv.stop()]);
  });

  it('subscribes like a pasted link, lists the example, resets it, and names an unknown id', async () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url });
    const runtime = await openRuntime(config, createLogger({ level: LogLevel.ERROR }));
    runtime.searchState.swap(await seedPaperSearch());
    const out = await consoleScript(runtime, [
          '/paper subscribe video generation like https://huggingface.co/papers/2510.02283',
          '/paper list',
          '/paper reset video generation',
          '/paper subscribe like 2509.99999',
    ]);
    await runtime.close();
    expect(out).toContain('Subscribed this channel to video generation');
    expect(out).toMatch(/Example paper added: “Self-Forcing\+\+/);
    expect(out).toMatch(/Like: “Self-Forcing\+\+/);
    expect(out).toContain('Reset "video generation": forgot 1 example paper.');
    expect(out).toContain("couldn't find `2509.99999` on Hugging Face or arXiv");
    expect(out).not.toMatch(/&lt;|&amp;|Error|at .*\.ts:\d+/);
  });

  it('`/paper reset` names the example papers it forgot and gives the command that adds them back; pasted, it does', async () => {
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url });
    const runtime = await openRuntime(config, createLogger({ level: LogLevel.ERROR }));
    runtime.searchState.swap(await seedPaperSearch());
    const reset = await consoleScript(runtime, [
      '/paper subscribe video generation like https://huggingface.co/papers/2510.02283 at 08:00',
      '/paper reset video generation',
    ]);
    const again = '/paper subscribe "video generation" like 2510.02283 at 08:00 tz UTC daily';
    const list = await consoleScript(runtime, [again, '/paper list']);
    await runtime.close();
    expect(reset).toMatch(/Forgotten example paper: “Self-Forcing\+\+[^”]*”\.\s+To add it back: `\/paper subscribe "video generation" like 2510\.02283 at 08:00 tz UTC daily`/);
    expect(list).toMatch(/Like: “Self-Forcing\+\+/);
  });
});
