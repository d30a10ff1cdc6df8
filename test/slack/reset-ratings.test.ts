/**
 * Forgetting a channel's ratings given outside digests (issue 16: search results, shared papers, link cards, top lists, stopped digests)
 * through Bolt's real HTTP receiver: `/paper list` counts them, `/paper reset ratings` forgets them and says how many
 * (a digest's own ratings stay), and the App Home shows each channel's count with a Reset that only works in a channel
 * whose digests the user sees.
 */
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { ActionId } from '../../src/views/action-ids.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { buttonsIn } from '../support/blocks.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import { postEvent } from '../support/slack-events.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';
import { paperCommand, type SlackReply } from '../support/slack-reply.ts';

const TEAM = 'T1';
const CHANNEL = 'C0RATE';
const OTHER = 'C0OTHER';


describe('resetting a channel’s ratings given outside digests', () => {
  let t: RunningTestApp;
  let store: Store;
  let papers: string[] = [];
  let subscriptionId = 0;

  beforeAll(async () => {
    t = await startTestApp();
    store = t.runtime.store;
    // U1 is a member of C0RATE only; OTHER's digest was started by U2.
    t.slack.respondTo('users.conversations', (call) => ({
      body: { ok: true, channels: call.params.user === 'U1' ? [{ id: CHANNEL }] : [], response_metadata: { next_cursor: '' } },
    }));
    papers = (t.runtime.searchState.current?.search('speculative decoding', { limit: 5 }).hits ?? []).map((h) => h.paper.id);
    expect(papers).toHaveLength(5);
  });
  afterAll(async () => {
    await t.stop();
  });

  async function paper(text: string, user = 'U1'): Promise<SlackReply> {
    const reply = await paperCommand(t, { text, team: TEAM, channel: CHANNEL, user });
    const blocks = reply.blocks ?? [];
    expect(validateMessage(blocks, { surface: 'message', ...(reply.text === undefined ? {} : { text: reply.text }) })).toEqual([]);
    expect(blockKitMessageProblems(blocks)).toEqual([]);
    expect(blockKitErrors({ text: reply.text ?? '', blocks })).toEqual([]);
    return reply;
  }

  const rate = (channelId: string, userId: string, paperId: string, subscription: number | null) =>
    store.ratePaper({ teamId: TEAM, channelId, userId, paperId, value: 1, subscriptionId: subscription });

  it('`/paper list` counts them with how to forget them; `/paper reset ratings` forgets only them and says how many', async () => {
    expect((await paper('subscribe speculative decoding at 09:00 tz UTC')).text).toMatch(/Subscribed this channel/);
    subscriptionId = (await store.listSubscriptions(TEAM, CHANNEL))[0]?.id ?? 0;
    await rate(CHANNEL, 'U1', papers[0] ?? '', null);
    await rate(CHANNEL, 'U2', papers[0] ?? '', null);
    await rate(CHANNEL, 'U1', papers[1] ?? '', subscriptionId);
    await rate(OTHER, 'U1', papers[2] ?? '', null);

    const list = JSON.stringify((await paper('list')).blocks);
    expect(list).toContain('2 ratings given outside digests (search results, shared papers, link cards, top lists, stopped digests) shape every search and digest of this channel · `/paper reset ratings` forgets them');
    expect(list).toContain('shaped by 1 rating');

    expect((await paper('reset')).text).toMatch(/what to reset: .*`\/paper reset ratings` forgets this channel's ratings given outside digests/s);

    const reset = await paper('reset ratings');
    expect(reset.text).toMatch(/^Forgot 2 ratings given in this channel outside digests \(search results, shared papers, link cards, top lists, stopped digests\)\. .*Ratings clicked on a digest stay/);
    expect(await store.untaggedRatingCount(TEAM, CHANNEL)).toBe(0);
    expect(await store.ratingCountsBySubscription(TEAM, CHANNEL)).toEqual(new Map([[subscriptionId, 1]]));
    expect(await store.untaggedRatingCount(TEAM, OTHER)).toBe(1);

    expect((await paper('RESET ratings')).text).toMatch(/^This channel has no ratings given outside digests: nothing to forget\./);
    expect(JSON.stringify((await paper('list')).blocks)).not.toContain('given outside digests');
    // A subscription called "ratings" is still reachable, quoted.
    expect((await paper('reset "ratings"')).text).toContain('This channel has no digest for *ratings*');
  });

  async function openHome(user: string): Promise<KnownBlock[]> {
    const before = t.slack.callsTo('views.publish').length;
    const res = await postEvent(t.eventsUrl, SIGNING_SECRET, TEAM, { type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: '1.2' });
    expect(res.status).toBe(200);
    const blocks = ((await t.slack.waitFor('views.publish', before + 1)).at(-1)?.params as { view: { blocks: KnownBlock[] } }).view.blocks;
    expect(validateMessage(blocks, { surface: 'home' })).toEqual([]);
    expect(blockKitErrors({ type: 'home', blocks })).toEqual([]);
    return blocks;
  }

  async function click(value: string, user: string): Promise<KnownBlock[]> {
    const before = t.slack.callsTo('views.publish').length;
    const body = buttonClickBody({ actionId: ActionId.homeResetChannelRatings, value, teamId: TEAM, userId: user, container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home', hash: 'h' } });
    expect((await postSigned(t.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
    const blocks = ((await t.slack.waitFor('views.publish', before + 1)).at(-1)?.params as { view: { blocks: KnownBlock[] } }).view.blocks;
    expect(blockKitErrors({ type: 'home', blocks })).toEqual([]);
    return blocks;
  }

  const notice = (blocks: readonly KnownBlock[]): string => JSON.stringify(blocks.find((b) => b.block_id === 'home_notice') ?? null);

  it('the Home tab shows each seen channel’s count with Reset (confirmed); Reset forgets them, and nothing in a channel the user cannot see', async () => {
    await store.upsertSubscription({ teamId: TEAM, channelId: OTHER, topic: 'agents', createdBy: 'U2' });
    for (const [i, user] of ['U1', 'U2', 'U3'].entries()) await rate(CHANNEL, user, papers[3 + (i % 2)] ?? '', null);

    const home = await openHome('U1');
    const lines = home.filter((b) => b.block_id?.startsWith('home_channel_ratings:'));
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0])).toContain(`<#${CHANNEL}>: 3 ratings given outside digests (search results, shared papers, link cards, top lists, stopped digests) shape every search and digest there.`);
    const [reset] = buttonsIn(lines);
    expect(reset?.action_id).toBe(ActionId.homeResetChannelRatings);
    expect(reset?.confirm?.text.text).toMatch(/^Forget the 3 ratings given in this channel outside digests\?/);
    // U2 started OTHER's digest, so sees its line (and not CHANNEL's: not a member, started nothing there).
    expect(JSON.stringify((await openHome('U2')).filter((b) => b.block_id?.startsWith('home_channel_ratings:')))).toContain(`<#${OTHER}>: 1 rating given outside digests`);

    const after = await click(reset?.value ?? '', 'U1');
    expect(notice(after)).toContain('Forgot 3 ratings given outside digests in that channel.');
    expect(await store.untaggedRatingCount(TEAM, CHANNEL)).toBe(0);
    expect(after.some((b) => b.block_id?.startsWith('home_channel_ratings:'))).toBe(false);
    // The digest's own rating stays.
    expect(await store.ratingCountsBySubscription(TEAM, CHANNEL)).toEqual(new Map([[subscriptionId, 1]]));

    const forged = await click(JSON.stringify({ c: OTHER, p: 0 }), 'U1');
    expect(notice(forged)).toContain('That channel has no digest you can see any more, so nothing was reset.');
    expect(await store.untaggedRatingCount(TEAM, OTHER)).toBe(1);
    for (const bad of ['', 'nope', '{"c":"","p":0}', '{"c":"C1","p":-1}', '{"c":7,"p":0}']) {
      expect(notice(await click(bad, 'U1'))).toContain('That button has expired');
    }
    expect(await store.untaggedRatingCount(TEAM, OTHER)).toBe(1);
  });
});
