/**
 * Example-seeded subscriptions (issue 16) end to end: signed `/paper` commands through Bolt's real HTTP receiver,
 * papers the corpus lacks looked up at the Hugging Face fixture (a real record from ../shared/fixtures) or the arXiv
 * fixture (hand-written Atom), an unknown id answered clearly with nothing saved, `/paper list` and the App Home
 * showing examples and ratings (Block Kit schema checked), and Reset through a signed block_actions click.
 */
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.ts';
import { ActionId } from '../../src/views/action-ids.ts';
import type { ArxivFixture } from '../ingest/arxiv-fixture.ts';
import type { HfFixture } from '../ingest/hf-fixture.ts';
import { PERELMAN, startLookupFixtures } from '../ingest/lookup-fixtures.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { buttonsIn } from '../support/blocks.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../support/signed-request.ts';
import { postEvent } from '../support/slack-events.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

const TEAM = 'T1';

describe('/paper subscribe … like <paper>, /paper list, /paper reset and the Home Reset button', () => {
  let t: RunningTestApp;
  let hf: HfFixture;
  let arxiv: ArxivFixture;
  let store: Store;

  beforeAll(async () => {
    ({ hf, arxiv } = await startLookupFixtures());
    t = await startTestApp({ env: { HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url } });
    store = t.runtime.store;
    t.slack.respondTo('users.conversations', () => ({ body: { ok: true, channels: [{ id: 'C_EX' }], response_metadata: { next_cursor: '' } } }));
  });
  afterAll(async () => {
    await t.stop();
    await Promise.all([hf.stop(), arxiv.stop()]);
  });

  async function paper(text: string, channel = 'C_EX'): Promise<{ text: string; blocks: KnownBlock[] }> {
    const res = await postSigned(
      t.eventsUrl,
      slashCommandBody({ text, team_id: TEAM, channel_id: channel, response_url: t.slack.responseUrl('ex') }),
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { text?: string; blocks?: KnownBlock[] };
    const blocks = reply.blocks ?? [];
    expect(blockKitMessageProblems(blocks)).toEqual([]);
    return { text: reply.text ?? '', blocks };
  }

  async function openHome(): Promise<KnownBlock[]> {
    const before = t.slack.callsTo('views.publish').length;
    await postEvent(t.eventsUrl, SIGNING_SECRET, TEAM, { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.2' });
    const calls = await t.slack.waitFor('views.publish', before + 1);
    const blocks = (calls.at(-1)?.params as { view: { blocks: KnownBlock[] } }).view.blocks;
    expect(blockKitErrors({ type: 'home', blocks })).toEqual([]);
    return blocks;
  }

  it('seeds a topic with papers the corpus lacks, looked up at Hugging Face and arXiv (links, Slack link markup)', async () => {
    expect(await store.getPaperByArxivId('2510.02283')).toBeNull();
    const reply = await paper(
      `subscribe video generation like https://huggingface.co/papers/2510.02283v1 <https://arxiv.org/abs/${PERELMAN}|Perelman's paper> at 08:00 weekdays`,
    );
    expect(reply.text).toContain('Subscribed this channel to *video generation*');
    expect(reply.text).toContain('every weekday (Mon–Fri) at 08:00 UTC');
    expect(reply.text).toMatch(/2 example papers added: “Self-Forcing\+\+[^”]*”, “[^”]+”/);
    const [subscription] = (await store.listSubscriptions(TEAM, 'C_EX')).filter((s) => s.topic === 'video generation');
    if (!subscription) throw new Error('no subscription');
    const self = await store.getPaperByArxivId('2510.02283');
    const perelman = await store.getPaperByArxivId(PERELMAN);
    expect((await store.subscriptionExamples([subscription.id])).get(subscription.id)).toEqual([self?.id, perelman?.id]);

    // Again with one more paper and one it has: adds, keeps the order, keeps the schedule.
    const again = await paper('subscribe Video Generation like 2510.02283 math/0211159v2');
    expect(again.text).toContain('already subscribed to *Video Generation*'.replace('Video Generation', 'video generation'));
    expect(again.text).toContain('It already had these example papers (2 in all)');
  });

  it('an unknown id gets an answer naming it, and nothing is saved', async () => {
    const before = await store.listSubscriptions(TEAM, 'C_EX');
    const reply = await paper('subscribe agents like 2510.02283 2509.99999');
    expect(reply.text).toContain("couldn't find `2509.99999` on Hugging Face or arXiv");
    expect(reply.text).toContain('Nothing was saved');
    expect(await store.listSubscriptions(TEAM, 'C_EX')).toEqual(before);
    // A malformed id never reaches the lookup.
    expect((await paper('subscribe agents like 2509.9999')).text).toContain(`"2509.9999" isn't an arXiv id or a paper link`);
  });

  it('a feed without words is named by its papers; /paper list shows examples, ratings and the untagged count', async () => {
    const reply = await paper('subscribe like 2510.02283');
    expect(reply.text).toMatch(/Subscribed this channel to \*papers like “Self-Forcing\+\+/);
    expect(reply.text).toContain('Each digest brings new papers like these.');
    const feed = (await store.listSubscriptions(TEAM, 'C_EX')).find((s) => s.topic === '');
    expect(feed?.topicKey).toBe('like:2510.02283');
    // The same papers again: the same feed.
    expect((await paper('subscribe like https://arxiv.org/abs/2510.02283')).text).toContain('is already subscribed to');

    const topic = (await store.listSubscriptions(TEAM, 'C_EX')).find((s) => s.topic === 'video generation');
    const self = await store.getPaperByArxivId('2510.02283');
    if (!topic || !self || !feed) throw new Error('setup');
    await store.ratePaper({ teamId: TEAM, channelId: 'C_EX', userId: 'U1', paperId: self.id, value: 1, subscriptionId: topic.id });
    await store.ratePaper({ teamId: TEAM, channelId: 'C_EX', userId: 'U2', paperId: 'other-paper', value: -1, subscriptionId: topic.id });
    await store.ratePaper({ teamId: TEAM, channelId: 'C_EX', userId: 'U3', paperId: 'third-paper', value: 1, subscriptionId: null });

    const list = await paper('list');
    const text = JSON.stringify(list.blocks);
    expect(text).toMatch(/video generation\*[^"]*\\nNext[^"]*\\nLike: “Self-Forcing\+\+[^"]*”, “[^"]*” · shaped by 2 ratings · `\/paper reset #\d+` forgets them/);
    expect(text).toContain('papers like “Self-Forcing++');
    expect(text).toContain('1 rating given outside digests (search results, shared papers, link cards, top lists, stopped digests) shapes every search and digest of this channel · `/paper reset ratings` forgets it');
  });

  it('App Home shows them with a Reset button (confirm first); a signed click forgets the examples and tagged ratings', async () => {
    const topic = (await store.listSubscriptions(TEAM, 'C_EX')).find((s) => s.topic === 'video generation');
    if (!topic) throw new Error('setup');
    const home = await openHome();
    const section = JSON.stringify(home.find((b) => b.block_id === `home_sub:${topic.id}`));
    expect(section).toContain('Like: “Self-Forcing++');
    expect(section).toContain('shaped by 2 ratings');
    const reset = buttonsIn(home).find((b) => b.action_id === ActionId.homeReset && b.value === JSON.stringify({ id: topic.id, p: 0 }));
    expect(reset?.confirm?.text.text).toMatch(/^Forget its 2 example papers and the 2 ratings from its digests for video generation\?/);

    const before = t.slack.callsTo('views.publish').length;
    const res = await postSigned(
      t.eventsUrl,
      buttonClickBody({ actionId: ActionId.homeReset, value: reset?.value, teamId: TEAM, userId: 'U1', container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home', hash: 'h' } }),
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    const calls = await t.slack.waitFor('views.publish', before + 1);
    const after = (calls.at(-1)?.params as { view: { blocks: KnownBlock[] } }).view.blocks;
    expect(blockKitErrors({ type: 'home', blocks: after })).toEqual([]);
    expect(JSON.stringify(after.find((b) => b.block_id === 'home_notice'))).toContain('Reset \\"video generation\\": forgot 2 example papers and 2 ratings.');
    expect((await store.subscriptionExamples([topic.id])).size).toBe(0);
    expect((await store.ratingCountsBySubscription(TEAM, 'C_EX')).get(topic.id)).toBeUndefined();
    // The untagged rating stays; the subscription and its schedule stay.
    expect((await store.channelRatings(TEAM, 'C_EX')).map((r) => r.paperId)).toEqual(['third-paper']);
    expect((await store.getSubscription(TEAM, topic.id))?.time).toBe('08:00');
    expect(buttonsIn(after).some((b) => b.action_id === ActionId.homeReset && b.value === reset?.value)).toBe(false);
  });

  it('/paper reset of a feed without words keeps its papers; unsubscribing takes them along', async () => {
    const reply = await paper('reset like 2510.02283');
    expect(reply.text).toMatch(/Reset "papers like “Self-Forcing\+\+[^"]*": nothing to forget[^.]*\. Its example paper stays/);
    expect((await paper('reset nothing here')).text).toContain('This channel has no digest for *nothing here*');
    const feed = (await store.listSubscriptions(TEAM, 'C_EX')).find((s) => s.topic === '');
    if (!feed) throw new Error('setup');
    const gone = await paper(`unsubscribe #${feed.id}`);
    expect(gone.text).toMatch(/Unsubscribed this channel from \*papers like “Self-Forcing\+\+/);
    expect((await store.subscriptionExamples([feed.id])).size).toBe(0);
  });

  it('a top list cannot be given example papers by naming it as a topic ("top"); nothing is saved', async () => {
    expect((await paper('subscribe top', 'C_TOP')).text).toContain('top list');
    const [top] = await store.listSubscriptions(TEAM, 'C_TOP');
    if (!top) throw new Error('setup');
    const reply = await paper('subscribe "top" like 2510.02283', 'C_TOP');
    expect(reply.text).toContain(`This channel already has a top list named "top" (#${top.id})`);
    expect(reply.text).not.toMatch(/example papers? added/);
    expect((await store.subscriptionExamples([top.id])).size).toBe(0);
    expect(await store.listSubscriptions(TEAM, 'C_TOP')).toEqual([top]);
  });

  it('a withdrawn paper is refused as an example with a line saying so; nothing is saved', async () => {
    expect(await store.getPaperByArxivId('2510.02283')).not.toBeNull();
    await store.upsertPapers([], { withdrawals: [{ arxivId: '2510.02283', withdrawnAt: '2026-10-05T00:00:00.000Z' }] });
    const before = await store.listSubscriptions(TEAM, 'C_WD');
    for (const text of ['subscribe robots like 2510.02283', `subscribe like https://huggingface.co/papers/2510.02283 ${PERELMAN}`]) {
      const reply = await paper(text, 'C_WD');
      expect(reply.text).toMatch(/“Self-Forcing\+\+[^”]*” \(`2510\.02283`\) was withdrawn, so it can't be an example: leave it out\./);
      expect(reply.text).toContain('Nothing was saved');
      expect(reply.text).not.toContain("couldn't find");
    }
    expect(await store.listSubscriptions(TEAM, 'C_WD')).toEqual(before);
  });
});
