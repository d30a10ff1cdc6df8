/**
 * `/paper digest <topic|id>` (the preview of a channel's next digest) through runPaperCommand, on a real SQLite store and
 * the seed corpus, every reply checked against Slack's Block Kit schema.
 */
import { describe, expect, it } from 'vitest';
import { usePaperCommandRuntime } from '../support/paper-command-harness.ts';
import { USER_PAUSE_REASON } from '../../src/store/store.ts';

const NOW = new Date('2024-05-27T10:00:00.000Z');

describe('/paper digest <topic>', () => {
  const { paper, runtime } = usePaperCommandRuntime({ clock: () => NOW });

  it('of a top list (`digest top [topic]`) shows the top list\'s post: ranks and upvotes, subscribed or not', async () => {
    const listed = (arxivId: string, title: string, upvotes: number) => ({
      title,
      abstract: `${title}. We study it on standard benchmarks.`,
      authors: ['Ada Lovelace'],
      authorCount: 1,
      date: '2024-05-20',
      upvotes,
      arxivId,
      listedOn: '2024-05-26',
    });
    await runtime().store.upsertPapers([listed('2405.90001', 'Sparse Attention at Scale', 120), listed('2405.90002', 'Diffusion for Video', 300)]);
    const before = await paper('digest top');
    expect(before).toContain("Preview of the top list: this channel does not get it yet; `/paper subscribe top` posts it weekly.");
    expect(before).toMatch(/1\. Diffusion for Video[\s\S]*▲ 300 upvotes · listed May 26[\s\S]*2\. Sparse Attention at Scale/);
    expect(before).not.toContain('matches top');
    await paper('subscribe top at 09:00');
    const after = await paper('digest top');
    expect(after).toMatch(/Preview of the top list: goes out .*09:00/);
    expect(after).toMatch(/1\. Diffusion for Video[\s\S]*2\. Sparse Attention at Scale/);
    // A word starting with "top" is still a topic.
    expect(await paper('digest top-k sampling')).not.toContain('top list');
  });

  it('of a topic no paper matches says so, not that its papers were already sent', async () => {
    const none = await paper('digest quxwobble zyzzyva');
    expect(none).toContain('No paper has every word of quxwobble zyzzyva yet. Try `/paper quxwobble zyzzyva` to check the wording.');
    expect(none).not.toContain('already been sent');
  });

  it('of another topic, in a channel with a digest, says the channel does not get that one yet, not "this channel is not subscribed"', async () => {
    await paper('subscribe sparse attention at 09:00');
    const other = await paper('digest speculative decoding');
    expect(other).toContain("Preview of the next digest for speculative decoding: this channel does not get it yet; `/paper subscribe speculative decoding` to get it daily.");
    expect(other).not.toContain('not subscribed');
  });

  it('of a paused digest says it is paused, not that the channel is not subscribed', async () => {
    await paper('subscribe speech recognition at 09:00');
    expect(await paper('digest speech recognition')).toMatch(/Preview of the next digest for speech recognition: goes out .*09:00/);

    const [subscription] = await runtime().store.listSubscriptions('T1', 'C1');
    if (!subscription) throw new Error('no subscription');
    for (const reason of [USER_PAUSE_REASON, 'not_in_channel']) {
      await runtime().store.setSubscriptionPaused('T1', subscription.id, reason, NOW);
      const preview = await paper('digest speech recognition');
      expect(preview, reason).not.toContain('not subscribed');
      expect(preview, reason).toMatch(/Preview of the next digest for speech recognition: paused, so nothing goes out until it resumes/);
      expect(preview, reason).toContain('`/paper list` says why');
    }
  });

  // As unsubscribe, pause, resume and reset take them: the channel's digest by topic or by the #id /paper list shows.
  it('of a digest named by its #id or bare id previews that digest, not a search for "#2"', async () => {
    await paper('subscribe speech recognition at 07:00');
    const kv = await paper('subscribe kv cache at 09:30');
    const id = /subscription #(\d+)/.exec(kv)?.[1];
    if (id === undefined) throw new Error(kv);
    for (const text of [`digest #${id}`, `digest ${id}`]) {
      const preview = await paper(text);
      expect(preview, text).toContain('Preview of the next digest for kv cache: goes out Tue May 28, 09:30 UTC.');
      expect(preview, text).toMatch(/KV Cache/i);
      expect(preview, text).not.toContain('not subscribed');
    }
    const unknown = await paper('digest #99');
    expect(unknown).toContain('This channel has no digest #99.');
    expect(unknown).toMatch(/Its digests: #\d+ speech recognition, #\d+ kv cache/);
  });

  it('alone previews the channel\'s only digest, asks which of several, and says how to name a topic in a channel without one', async () => {
    const none = await paper('digest');
    expect(none).toContain('`/paper digest sparse attention` previews it');
    expect(none).not.toContain('Preview of the next digest');

    await paper('subscribe kv cache at 09:30');
    expect(await paper('digest')).toContain('Preview of the next digest for kv cache: goes out Tue May 28, 09:30 UTC.');

    await paper('subscribe speech recognition');
    const which = await paper('digest');
    expect(which).toMatch(/^Which digest\? This channel has #\d+ kv cache, #\d+ speech recognition\./);
    expect(which).not.toContain('Preview of the next digest');
  });
});
