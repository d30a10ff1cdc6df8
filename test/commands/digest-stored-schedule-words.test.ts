/**
 * A digest whose stored topic ends in words now read as a schedule (`sparse attention every mon`, subscribed before
 * `every mon` meant a weekly day) is still reached by its words: `/paper digest sparse attention every mon` previews
 * that digest, not a topic "sparse attention", as do its `#id` and its topic quoted. Through runPaperCommand on a real
 * SQLite store and the seeds.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_WHERE, usePaperCommandRuntime } from '../support/paper-command-harness.ts';

describe('/paper digest <a stored topic that ends in schedule words>', () => {
  const NOW = new Date('2026-12-03T12:00:00Z');
  const { paper, runtime } = usePaperCommandRuntime({ clock: () => NOW });

  /** Stored as the grammar before weekday parsing stored it: the words are the topic, the schedule daily. */
  const storeOld = async (topic: string): Promise<number> =>
    (await runtime().store.upsertSubscription({ ...COMMAND_WHERE, createdBy: 'U1', topic, time: '09:00', timezone: 'UTC', cadence: 'daily', now: NOW })).subscription.id;

  it('previews that digest by its words as typed, by #id and quoted; other words with a schedule still preview their topic', async () => {
    const id = await storeOld('sparse attention every mon');
    for (const typed of ['digest sparse attention every mon', `digest #${id}`, 'digest "sparse attention every mon"']) {
      const reply = await paper(typed);
      // Its words are its topic (no paper has "every" and "mon"): that digest's answer, with its next run.
      expect(reply, typed).toContain('No paper has every word of sparse attention every mon yet');
      expect(reply, typed).toContain('Next digest goes out Fri Dec 4, 09:00 UTC');
    }
    // Not a digest of the channel: the schedule words are read off as subscribe reads them.
    expect(await paper('digest kv cache every mon')).toContain('Preview of the next digest for kv cache');
  });

  it('with both "sparse attention" and "sparse attention every mon" stored, each is reached by its own words', async () => {
    await paper('subscribe sparse attention weekly');
    await storeOld('sparse attention every mon');
    expect(await paper('digest sparse attention every mon')).toContain('No paper has every word of sparse attention every mon yet');
    const plain = await paper('digest sparse attention every monday');
    expect(plain).toContain('Preview of the next digest for sparse attention');
    expect(plain).not.toContain('sparse attention every mon');
  });
});
