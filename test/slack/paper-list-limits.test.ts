/**
 * `/paper list` in the fullest channel there can be, through Bolt's real HTTP receiver: every digest, every followed
 * author, ratings given outside digests and the unfurl setting in one reply, which Slack must accept (at most 50 blocks,
 * the Block Kit schema of ../shared/schemas, about 13k characters of blocks). The store holds the 25-digest cap
 * (test/slack/subscribe-cap-race.test.ts), but a channel may be past it from before it did: the list still answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FOLLOWS_PER_CHANNEL } from '../../src/digests/follow-service.ts';
import { MAX_SUBSCRIPTIONS_PER_CHANNEL } from '../../src/digests/subscription-service.ts';
import type { Store } from '../../src/store/store.ts';
import { LIMITS, validateMessage } from '../../src/views/limits.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { paperCommand, type SlackReply } from '../support/slack-reply.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';

const TEAM = 'T1';
const NOW = new Date('2026-06-01T08:00:00.000Z');

describe('/paper list at every limit', () => {
  let t: RunningTestApp;
  let store: Store;
  let paperId = '';

  beforeAll(async () => {
    t = await startTestApp({ clock: () => NOW });
    store = t.runtime.store;
    paperId = t.runtime.searchState.current?.search('speculative decoding', { limit: 1 }).hits[0]?.paper.id ?? '';
    expect(paperId).not.toBe('');
  });
  afterAll(async () => {
    await t.stop();
  });

  /**
   * A channel with `digests` subscriptions (the longest topics, or short ones: more fit the message's characters), the
   * most followed authors, a rating outside digests, unfurl off.
   */
  async function fill(channelId: string, digests: number, topics: 'long' | 'short'): Promise<void> {
    for (let i = 0; i < digests; i++) {
      const long = `speculative decoding for large language model inference number ${i} ${'with draft models '.repeat(10)}`.slice(0, 200);
      await store.upsertSubscription({
        teamId: TEAM,
        channelId,
        topic: topics === 'long' ? long : `moe ${i}`,
        createdBy: 'U1',
        time: '09:00',
        ...(topics === 'long' ? { timezone: 'America/Argentina/ComodRivadavia', cadence: 'weekdays' as const } : { timezone: 'UTC', cadence: 'daily' as const }),
        now: NOW,
      });
    }
    for (let i = 0; i < MAX_FOLLOWS_PER_CHANNEL; i++) {
      await store.addFollow({ teamId: TEAM, channelId, name: `Author Number ${i}`, nameKey: `author number ${i}`, hfUser: null, createdBy: 'U1', now: NOW });
    }
    await store.ratePaper({ teamId: TEAM, channelId, userId: 'U1', paperId, value: 1, subscriptionId: null, now: NOW });
    await store.setChannelUnfurl(TEAM, channelId, false, 'U1', NOW);
  }

  async function list(channelId: string): Promise<SlackReply> {
    const reply = await paperCommand(t, { text: 'list', team: TEAM, channel: channelId, user: 'U1' });
    const blocks = reply.blocks ?? [];
    expect(blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(blockKitErrors({ text: reply.text ?? '', blocks })).toEqual([]);
    expect(blockKitMessageProblems(blocks)).toEqual([]);
    expect(validateMessage(blocks, { surface: 'message', ...(reply.text === undefined ? {} : { text: reply.text }) })).toEqual([]);
    return reply;
  }

  const shownDigests = (reply: SlackReply): number => (reply.blocks ?? []).filter((b) => b.block_id?.startsWith('subscription:')).length;
  const hiddenDigests = (reply: SlackReply): number => Number(/…and (\d+) more"/.exec(JSON.stringify(reply.blocks))?.[1] ?? 0);

  it(`a channel at the cap (${MAX_SUBSCRIPTIONS_PER_CHANNEL} digests, ${MAX_FOLLOWS_PER_CHANNEL} followed authors) gets every line, each digest shown or counted`, async () => {
    await fill('CFULL', MAX_SUBSCRIPTIONS_PER_CHANNEL, 'long');
    const reply = await list('CFULL');
    const text = JSON.stringify(reply.blocks);
    expect(text).toContain(`*${MAX_SUBSCRIPTIONS_PER_CHANNEL} digests in this channel*`);
    expect(shownDigests(reply) + hiddenDigests(reply)).toBe(MAX_SUBSCRIPTIONS_PER_CHANNEL);
    expect(text).toContain(':bust_in_silhouette: Following *Author Number 0*');
    expect(text).toContain('1 rating given outside digests');
    expect(text).toMatch(/unfurl/i);
  });

  it('a channel past the cap (simultaneous subscribes before the store held it) still gets its list, within 50 blocks', async () => {
    await fill('COVER', 60, 'short');
    const reply = await list('COVER');
    const text = JSON.stringify(reply.blocks);
    expect(text).toContain('*60 digests in this channel*');
    expect(shownDigests(reply)).toBeGreaterThan(30);
    expect(shownDigests(reply) + hiddenDigests(reply)).toBe(60);
    expect(text).toContain(':bust_in_silhouette: Following *Author Number 0*');
    expect(text).toContain('1 rating given outside digests');
  });
});
