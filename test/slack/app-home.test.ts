import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { ActionId } from '../../src/views/action-ids.ts';
import { validateMessage } from '../../src/views/limits.ts';
import type { Store } from '../../src/store/store.ts';
import { buttonsIn } from '../support/blocks.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import { postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

describe('App Home through the real HTTP receiver', () => {
  let t: RunningTestApp;
  let store: Store;
  const TEAM = 'T1';

  beforeAll(async () => {
    t = await startTestApp();
    store = t.runtime.store;
    // U1 is in C_MINE and G_PRIVATE; C_OTHER's digest is not theirs.
    t.slack.respondTo('users.conversations', (call) => {
      if (call.params.user !== 'U1') return { body: { ok: true, channels: [], response_metadata: { next_cursor: '' } } };
      // Two pages, to prove the cursor is followed.
      return call.params.cursor
        ? { body: { ok: true, channels: [{ id: 'G_PRIVATE' }], response_metadata: { next_cursor: '' } } }
        : { body: { ok: true, channels: [{ id: 'C_MINE' }], response_metadata: { next_cursor: 'page2' } } };
    });
    await store.upsertSubscription({ teamId: TEAM, channelId: 'C_MINE', topic: 'sparse attention', createdBy: 'U2', time: '09:00', timezone: 'UTC' });
    await store.upsertSubscription({ teamId: TEAM, channelId: 'G_PRIVATE', topic: 'rlhf', createdBy: 'U2' });
    await store.upsertSubscription({ teamId: TEAM, channelId: 'C_OTHER', topic: 'agents', createdBy: 'U2' });
    await store.upsertSubscription({ teamId: TEAM, channelId: 'C_LEFT', topic: 'diffusion', createdBy: 'U1' });
    await store.upsertSubscription({ teamId: 'T_ELSEWHERE', channelId: 'C_MINE', topic: 'mamba', createdBy: 'U1' });
  });
  afterAll(async () => {
    await t.stop();
  });

  async function openHome(user = 'U1'): Promise<{ user_id: unknown; blocks: KnownBlock[] }> {
    const before = t.slack.callsTo('views.publish').length;
    const res = await postEvent(t.eventsUrl, SIGNING_SECRET, TEAM, { type: 'app_home_opened', user, channel: 'D1', tab: 'home', event_ts: '1.2' });
    expect(res.status).toBe(200);
    const calls = await t.slack.waitFor('views.publish', before + 1);
    const params = calls.at(-1)?.params as { user_id: unknown; view: { type: string; blocks: KnownBlock[] } };
    expect(params.view.type).toBe('home');
    expect(validateMessage(params.view.blocks, { surface: 'home' })).toEqual([]);
    expect(blockKitErrors({ type: 'home', blocks: params.view.blocks })).toEqual([]);
    return { user_id: params.user_id, blocks: params.view.blocks };
  }

  async function click(actionId: string, value: string, user = 'U1'): Promise<KnownBlock[]> {
    const before = t.slack.callsTo('views.publish').length;
    const res = await postSigned(
      t.eventsUrl,
      buttonClickBody({
        actionId,
        value,
        teamId: TEAM,
        userId: user,
        container: { type: 'view', view_id: 'V1' },
        view: { id: 'V1', type: 'home', hash: 'h' },
      }),
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    const calls = await t.slack.waitFor('views.publish', before + 1);
    return (calls.at(-1)?.params as { view: { blocks: KnownBlock[] } }).view.blocks;
  }

  const topics = (blocks: KnownBlock[]): string[] =>
    blocks.filter((b) => b.block_id?.startsWith('home_sub:')).map((b) => JSON.stringify(b).match(/\*([^*]+)\* in/)?.[1] ?? '?');

  it('app_home_opened publishes the digests of the user\'s channels and the ones they started', async () => {
    const { user_id, blocks } = await openHome();
    expect(user_id).toBe('U1');
    expect(topics(blocks).sort()).toEqual(['diffusion', 'rlhf', 'sparse attention']);
    expect(JSON.stringify(blocks)).toMatch(/Next: \w{3} \w{3} \d{1,2}, 09:00 UTC/);
    const lookups = t.slack.callsTo('users.conversations');
    expect(lookups.at(-1)?.params).toMatchObject({ user: 'U1', types: 'public_channel,private_channel' });
  });

  it('Pause, Resume and Unsubscribe act on the subscription and re-publish the tab', async () => {
    const { blocks } = await openHome();
    const sub = (await store.listSubscriptions(TEAM, 'C_MINE'))[0];
    if (!sub) throw new Error('missing');
    const pause = buttonsIn(blocks).find((b) => b.action_id === ActionId.homePause && JSON.parse(b.value ?? '').id === sub.id);
    expect(pause).toBeDefined();

    const paused = await click(ActionId.homePause, pause?.value ?? '');
    expect((await store.getSubscription(TEAM, sub.id))?.pausedReason).toBe('paused_by_user');
    expect(JSON.stringify(paused)).toMatch(/Paused \\"sparse attention\\"/);
    const resume = buttonsIn(paused).find((b) => b.action_id === ActionId.homeResume);
    expect(resume).toBeDefined();
    expect(await store.allActiveSubscriptions()).not.toContainEqual(expect.objectContaining({ id: sub.id }));

    await click(ActionId.homeResume, resume?.value ?? '');
    expect((await store.getSubscription(TEAM, sub.id))?.pausedReason).toBeNull();

    const unsubscribe = buttonsIn(paused).find((b) => b.action_id === ActionId.homeUnsubscribe && JSON.parse(b.value ?? '').id === sub.id);
    expect(unsubscribe?.confirm).toBeDefined();
    const after = await click(ActionId.homeUnsubscribe, unsubscribe?.value ?? '');
    expect(await store.getSubscription(TEAM, sub.id)).toBeNull();
    expect(topics(after)).not.toContain('sparse attention');
  });

  it('refuses to act on a subscription outside the user\'s channels', async () => {
    const other = (await store.listSubscriptions(TEAM, 'C_OTHER'))[0];
    if (!other) throw new Error('missing');
    const blocks = await click(ActionId.homePause, JSON.stringify({ id: other.id, p: 0 }), 'U1');
    expect(JSON.stringify(blocks)).toMatch(/no longer exists, or is not in one of your channels/);
    expect((await store.getSubscription(TEAM, other.id))?.pausedReason).toBeNull();
  });

  it('shows only their own digests, and says why, when Slack will not list the user\'s channels', async () => {
    t.slack.answerNext('users.conversations', { body: { ok: false, error: 'missing_scope' } });
    const { blocks } = await openHome('U2');
    expect(topics(blocks).sort()).toEqual(['agents', 'rlhf']);
    expect(JSON.stringify(blocks)).toMatch(/only the digests you started are shown/);
  });

  it('pages through many subscriptions with Next/Previous', async () => {
    for (let i = 0; i < 45; i++) {
      await store.upsertSubscription({ teamId: TEAM, channelId: 'C_MINE', topic: `bulk topic ${String(i).padStart(2, '0')}`, createdBy: 'U1' });
    }
    const { blocks } = await openHome();
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(blocks)).toMatch(/page 1 of 3/);
    const next = buttonsIn(blocks).find((b) => b.action_id === ActionId.homePageNext);
    const second = await click(ActionId.homePageNext, next?.value ?? '');
    expect(JSON.stringify(second)).toMatch(/page 2 of 3/);
    const prev = buttonsIn(second).find((b) => b.action_id === ActionId.homePagePrev);
    const first = await click(ActionId.homePagePrev, prev?.value ?? '');
    expect(JSON.stringify(first)).toMatch(/page 1 of 3/);
  });
});
