import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { ActionId } from '../../src/views/action-ids.ts';
import { HOME_PAGE_SIZE, homeView, type HomeItem, type HomeViewInput } from '../../src/views/home.ts';
import { LIMITS, validateMessage } from '../../src/views/limits.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { buttonsIn } from '../support/blocks.ts';

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
  expect(blockKitErrors(view)).toEqual([]);
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
