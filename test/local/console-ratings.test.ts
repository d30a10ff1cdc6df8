/**
 * Rating papers in the local console (issue 16): `👍 N` / `👎 N` (also `+1 N`, `-1 N`, `up N`, `down N`) vote on the Nth
 * paper of the last listing (search results, a preview, or a digest the ConsolePoster printed) and `undo N` takes the
 * vote back, through the same service as the Slack buttons.
 */
import { consoleScript } from '../support/console-script.ts';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleListing } from '../../src/local/console-listing.ts';
import { ConsolePoster } from '../../src/local/console-poster.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
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

const script = consoleScript;

describe('local console: rating papers', () => {
  it('👍 / 👎 (and +1, -1, up, down) rate the Nth search result for the channel; a change of mind replaces the vote; undo takes it back', async () => {
    await withRuntime(async (runtime) => {
      const search = runtime.searchState.current;
      const hits = search?.search('Hydra draft heads Medusa', { offset: 0, limit: 5 }).hits ?? [];
      const [first, second, third] = hits.map((hit) => hit.paper);
      const out = await script(runtime, ['👍 1', '/paper Hydra draft heads Medusa', '👍 1', 'down 1', '+1 2', '-1 3', 'up 3', 'undo 2', 'undo 2', '👎 99']);
      expect(out).toContain('Nothing to pick from yet');
      expect(out).toContain('`👍 N` / `👎 N`');
      expect(out).toContain(`👍 Noted for this channel: the next digests and searches favour papers like ${first?.title ?? '?'}.`);
      expect(out).toContain('👎 Changed your vote to 👎 for this channel: the next digests and searches play down papers like');
      // Slack's Undo button cannot be pressed here: the answer says what to type instead.
      expect(out).not.toContain('[Undo]');
      // Said once, in what to type: no buttons to press, no "only you see this" in one person's console.
      expect(out).toContain('papers like ' + (first?.title ?? '?') + '.\nOne vote per person and paper here: `👎 1` changes it, `undo 1` takes it back.\n');
      expect(out).toContain('One vote per person and paper here: `👍 3` changes it, `undo 3` takes it back.');
      expect(out).not.toMatch(/press the other button|Undo to take it back|takes it back\.\)|Only you see this|under the paper/);
      expect(out).toMatch(/no longer counts for this channel\.\n`👍 2` or `👎 2` votes again\./);
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
      // The hint names what the digest's buttons do, and no Share (a digest is in the channel already).
      expect(text()).toContain('(`save N` saves the Nth paper above, `similar N` finds papers like it; `👍 N` / `👎 N`');
      expect(text()).not.toContain('share N');
      // Its Unsubscribe button cannot be pressed in a terminal: the command that does the same.
      expect(text()).toContain(`(\`/paper unsubscribe #${subscription.id}\` does what Unsubscribe does.)`);
      const out = await script(runtime, ['👎 2'], listing);
      expect(out).toMatch(/👎 Noted for this channel: the next digests and searches play down papers like /);

      const ratings = await runtime.store.channelRatings(...where);
      expect(ratings).toHaveLength(2);
      expect(ratings.every((r) => r.subscriptionId === subscription.id)).toBe(true);
      expect(ratings.find((r) => r.value === -1)?.paperId).toBe(hits[1]?.paper.id);
    });
  });

  it('`/paper top` lists rate like search results (untagged); `/paper list` counts them and `/paper reset ratings` forgets them', async () => {
    await withRuntime(async (runtime) => {
      const today = new Date().toISOString().slice(0, 10);
      await runtime.store.upsertPapers(
        ['Kernel Fusion for Sparse Attention', 'Speculative Decoding with Draft Trees', 'Reward Models for Code Review'].map((title, i) => ({
          title,
          abstract: `${title}. We report results on standard benchmarks.`,
          authors: ['Grace Hopper'],
          authorCount: 1,
          date: today,
          upvotes: 90 - i * 10,
          arxivId: `2612.${50001 + i}`,
          listedOn: today,
        })),
      );
      runtime.searchState.swap(createPaperSearch(await runtime.store.listPapers()));
      const { subscription } = await runtime.store.upsertSubscription({ teamId: 'T_LOCAL', channelId: 'C_LOCAL', topic: 'sparse attention', createdBy: 'U_LOCAL' });
      await runtime.store.ratePaper({ teamId: 'T_LOCAL', channelId: 'C_LOCAL', userId: 'U_LOCAL', paperId: 'from-a-digest', value: 1, subscriptionId: subscription.id });

      const out = await script(runtime, ['/paper top', '👍 2', '👎 3', '/paper list', '/paper reset ratings', '/paper reset ratings']);
      expect(out).toMatch(/1\. .*Kernel Fusion for Sparse Attention/);
      expect(out).toContain('[👍 More like this] [👎 Not for us] [Save] [Similar]');
      expect(out).toContain('👍 Noted for this channel: the next digests and searches favour papers like Speculative Decoding with Draft Trees.');
      expect(out).toContain('👎 Noted for this channel: the next digests and searches play down papers like Reward Models for Code Review.');
      expect(out).toContain('2 ratings given outside digests (search results, shared papers, link cards, top lists, stopped digests) shape every search and digest of this channel · `/paper reset ratings` forgets them');
      expect(out).toMatch(/Forgot 2 ratings given in this channel outside digests/);
      expect(out).toContain('This channel has no ratings given outside digests: nothing to forget.');
      expect(out).not.toMatch(/&lt;|&gt;|&amp;/);
      expect((await runtime.store.channelRatings(...where)).map((r) => [r.paperId, r.subscriptionId])).toEqual([['from-a-digest', subscription.id]]);
    });
  });

  it('a 👍 in the console reorders its next `/paper` search (the console is its own channel) and says so; `more` keeps the order', async () => {
    await withRuntime(async (runtime) => {
      const plain = runtime.searchState.current?.search('sparse attention', { offset: 0, limit: 10 }).hits.map((hit) => hit.paper) ?? [];
      const liked = plain[3];
      expect(liked).toBeDefined();
      const out = await script(runtime, ['/paper sparse attention', '👍 4', '/paper sparse attention', 'more']);
      const [first = '', rest = ''] = out.split('👍 Noted for this channel');
      expect(first).not.toContain('Ranked with');
      // The second search lists the liked paper second (the words' best match stays first) and names the rating.
      const [second = '', page2 = ''] = rest.split('Showing 1–5');
      expect(second).toContain("Ranked with this channel's 1 rating");
      const titles = (text: string): string[] => [...text.matchAll(/^(.+) \(https:\/\/\S+\)$/gm)].map((m) => m[1] ?? '');
      expect(titles(first).slice(0, 4)).toEqual(plain.slice(0, 4).map((p) => p.title));
      expect(titles(second).slice(0, 2)).toEqual([plain[0]?.title, liked?.title]);
      expect(page2).toContain("Ranked with this channel's 1 rating");
      expect(page2).toContain('Showing 6–10');
    });
  });
});

