/**
 * Rating papers in the local console (issue 16): `👍 N` / `👎 N` (also `+1 N`, `-1 N`, `up N`, `down N`) vote on the Nth
 * paper of the last listing (search results, a preview, or a digest the ConsolePoster printed) and `undo N` takes the
 * vote back, through the same service as the Slack buttons.
 */
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { ConsoleListing } from '../../src/local/console-listing.ts';
import { ConsolePoster } from '../../src/local/console-poster.ts';
import { runLocalConsole } from '../../src/local/console.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { digestMessage } from '../../src/views/digest.ts';
import { seedPaperSearch } from '../support/test-app.ts';

const where = ['T_LOCAL', 'C_LOCAL'] as const;

function sink(): { output: Writable; text: () => string } {
  let out = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      out += chunk.toString('utf8');
      done();
    },
  });
  return { output, text: () => out };
}

async function withRuntime<T>(run: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig({ DATABASE_URL: 'sqlite::memory:' }), createLogger({ level: LogLevel.ERROR }));
  runtime.searchState.swap(await seedPaperSearch());
  try {
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}

async function script(runtime: Runtime, lines: string[], listing?: ConsoleListing): Promise<string> {
  const { output, text } = sink();
  await runLocalConsole({
    input: Readable.from([lines.join('\n')]),
    output,
    interactive: false,
    deps: runtime.commandDeps(alwaysReachable),
    ...(listing ? { listing } : {}),
  });
  return text();
}

describe('local console: rating papers', () => {
  it('👍 / 👎 (and +1, -1, up, down) rate the Nth search result for the channel; a change of mind replaces the vote; undo takes it back', async () => {
    await withRuntime(async (runtime) => {
      const search = runtime.searchState.current;
      const hits = search?.search('Hydra draft heads Medusa', { offset: 0, limit: 5 }).hits ?? [];
      const [first, second, third] = hits.map((hit) => hit.paper);
      const out = await script(runtime, ['👍 1', '/paper Hydra draft heads Medusa', '👍 1', 'down 1', '+1 2', '-1 3', 'up 3', 'undo 2', 'undo 2', '👎 99']);
      expect(out).toContain('Nothing to pick from yet');
      expect(out).toContain('`👍 N` / `👎 N`');
      expect(out).toContain(`👍 Noted for this channel: the next digests favour papers like ${first?.title ?? '?'}.`);
      expect(out).toContain('👎 Changed your vote to 👎 for this channel: the next digests show fewer papers like');
      expect(out).toMatch(/↩️ Undone: your vote on .+ no longer counts for this channel\./);
      expect(out).toMatch(/You have no vote on .+ in this channel to undo: nothing changed\./);
      expect(out).toMatch(/Pick a paper from 1 to \d+\./);
      const ratings = await runtime.store.channelRatings(...where);
      expect(ratings).toHaveLength(2);
      expect(ratings.map((r) => [r.paperId, r.value, r.subscriptionId])).toEqual(
        expect.arrayContaining([
          [first?.id, -1, null],
          [third?.id, 1, null],
        ]),
      );
      expect(second).toBeDefined();
    });
  });

  it('a preview of a subscribed topic, and a digest the console printed, rate with their subscription', async () => {
    await withRuntime(async (runtime) => {
      const { subscription } = await runtime.store.upsertSubscription({ teamId: 'T_LOCAL', channelId: 'C_LOCAL', topic: 'sparse attention', createdBy: 'U_LOCAL' });
      const preview = await script(runtime, ['/paper digest sparse attention', '👍 1']);
      expect(preview).toMatch(/👍 Noted for this channel/);

      // A digest printed by the poster becomes the listing `👎 N` picks from.
      const listing = new ConsoleListing();
      const { output, text } = sink();
      const hits = runtime.searchState.current?.search('speculative decoding', { offset: 0, limit: 3 }).hits ?? [];
      const message = digestMessage({ topic: 'speculative decoding', digestDate: '2026-11-23', hits, subscriptionId: subscription.id });
      await new ConsolePoster(output, listing).post({ teamId: 'T_LOCAL', channelId: 'C_LOCAL' }, message, { deliveryId: 'd1', paperIds: hits.map((h) => h.paper.id) });
      expect(text()).toContain('[👍 More like this] [👎 Not for us] [Save] [Similar]');
      expect(text()).toContain('`👍 N` / `👎 N` rate the Nth paper of this digest');
      const out = await script(runtime, ['👎 2'], listing);
      expect(out).toMatch(/👎 Noted for this channel: the next digests show fewer papers like /);

      const ratings = await runtime.store.channelRatings(...where);
      expect(ratings).toHaveLength(2);
      expect(ratings.every((r) => r.subscriptionId === subscription.id)).toBe(true);
      expect(ratings.find((r) => r.value === -1)?.paperId).toBe(hits[1]?.paper.id);
    });
  });
});
