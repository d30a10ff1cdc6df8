import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { ActionId } from '../../src/slack/action-ids.ts';
import { HOME_PAGE_SIZE, homeView, type HomeItem, type HomeViewInput } from '../../src/slack/views/home.ts';
import { LIMITS, validateMessage } from '../../src/slack/views/limits.ts';
import type { Store } from '../../src/store/store.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import { postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

interface ButtonInfo {
  action_id: string;
  value?: string;
  confirm?: { title: { text: string }; text: { text: string }; confirm: { text: string }; deny: { text: string } };
}

function buttonsIn(blocks: readonly KnownBlock[]): ButtonInfo[] {
  return blocks.flatMap((block) => (block.type === 'actions' ? (block.elements as unknown as ButtonInfo[]) : []));
}

function item(i: number, overrides: Partial<HomeItem> = {}): HomeItem {
  return {
    id: i + 1,
    channelId: `C${String(i % 30).padStart(8, '0')}`,
    topic: `topic number ${i}`,
    scheduleText: 'every day at 09:00 UTC',
    nextRunText: 'Tue 09:00 UTC',
    pausedReason: null,
    lastDigest: i % 2 ? { atText: 'Mon 09:00 UTC', status: 'posted' } : null,
    ...overrides,
  };
}

function expectValidHome(input: HomeViewInput): KnownBlock[] {
  const view = homeView(input);
  expect(view.type).toBe('home');
  expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerView);
  expect(validateMessage(view.blocks, { surface: 'home' })).toEqual([]);
  // Limits validateMessage does not cover: button values and the confirm dialog's texts.
  for (const button of buttonsIn(view.blocks)) {
    expect(button.value?.length ?? 0).toBeLessThanOrEqual(LIMITS.buttonValue);
    if (button.confirm) {
      expect(button.confirm.title.text.length).toBeLessThanOrEqual(100);
      expect(button.confirm.text.text.length).toBeLessThanOrEqual(300);
      expect(button.confirm.confirm.text.length).toBeLessThanOrEqual(30);
      expect(button.confirm.deny.text.length).toBeLessThanOrEqual(30);
    }
  }
  return view.blocks;
}

const base = { page: 0, basis: 'membership' as const, workspacePausedReason: null };

describe('App Home view against Slack limits', () => {
  it('0 subscriptions: the how-to and an invitation to subscribe', () => {
    const blocks = expectValidHome({ ...base, items: [] });
    const json = JSON.stringify(blocks);
    expect(json).toMatch(/How to use it/);
    expect(json).toMatch(/No digests in your channels yet/);
    expect(buttonsIn(blocks)).toEqual([]);
  });

  it('1 subscription: its channel, schedule, next run, last digest, Pause and a confirmed Unsubscribe', () => {
    const blocks = expectValidHome({ ...base, items: [item(1)] });
    const json = JSON.stringify(blocks);
    expect(json).toContain('<#C00000001>');
    expect(json).toMatch(/every day at 09:00 UTC/);
    expect(json).toMatch(/Next: Tue 09:00 UTC/);
    expect(json).toMatch(/Last digest: Mon 09:00 UTC/);
    const buttons = buttonsIn(blocks);
    expect(buttons.map((b) => b.action_id)).toEqual([ActionId.homePause, ActionId.homeUnsubscribe]);
    expect(buttons[1]?.confirm?.text.text).toMatch(/Stop the digest for topic number 1\?/);
    expect(JSON.parse(buttons[0]?.value ?? '')).toEqual({ id: 2, p: 0 });
  });

  it('200 subscriptions: paginated, every page valid, every subscription on exactly one page', () => {
    const items = Array.from({ length: 200 }, (_, i) => item(i, i % 7 === 0 ? { pausedReason: 'paused_by_user', nextRunText: null } : {}));
    const pages = Math.ceil(200 / HOME_PAGE_SIZE);
    const seen: number[] = [];
    for (let page = 0; page < pages; page++) {
      const blocks = expectValidHome({ ...base, items, page });
      const json = JSON.stringify(blocks);
      expect(json).toContain(`page ${page + 1} of ${pages}`);
      expect(json).toContain('200 digests in your channels');
      const ids = blocks.filter((b) => b.block_id?.startsWith('home_sub:')).map((b) => Number(b.block_id?.split(':')[1]));
      expect(ids.length).toBe(HOME_PAGE_SIZE);
      seen.push(...ids);
      const nav = buttonsIn(blocks).filter((b) => b.action_id === ActionId.homePagePrev || b.action_id === ActionId.homePageNext);
      expect(nav.map((b) => b.action_id)).toEqual([
        ...(page > 0 ? [ActionId.homePagePrev] : []),
        ...(page < pages - 1 ? [ActionId.homePageNext] : []),
      ]);
      for (const b of nav) expect(JSON.parse(b.value ?? '').p).toBe(b.action_id === ActionId.homePagePrev ? page - 1 : page + 1);
    }
    expect(seen.sort((a, b) => a - b)).toEqual(items.map((i) => i.id));
    // Paused ones offer Resume instead of Pause.
    const first = homeView({ ...base, items, page: 0 }).blocks;
    expect(buttonsIn(first).filter((b) => b.action_id === ActionId.homeResume)).toHaveLength(3);
    // Out-of-range pages are clamped.
    expect(JSON.stringify(homeView({ ...base, items, page: 99 }).blocks)).toContain(`page ${pages} of ${pages}`);
  });

  it('hostile topics cannot inject mentions or break the confirm dialog, workspace pause and notice show', () => {
    const evil = `<!channel> <@U1> *bold* ${'x'.repeat(5000)}`;
    const blocks = expectValidHome({
      ...base,
      items: [item(0, { topic: evil, pausedReason: 'not_in_channel', nextRunText: null })],
      workspacePausedReason: 'app_uninstalled',
      notice: 'Paused "<!here>".',
    });
    const json = JSON.stringify(blocks, (key, value: unknown) => (key === 'value' ? undefined : value));
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
    expect(json).not.toContain('<@U1>');
    expect(json).toMatch(/All digests of this workspace are paused/);
    expect(json).toMatch(/invite @paper/);
  });
});

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
    expect(JSON.stringify(blocks)).toMatch(/Next: \w{3} 09:00 UTC/);
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
