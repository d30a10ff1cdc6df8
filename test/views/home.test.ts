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

  it('channels’ ratings given outside digests: a line with a confirmed Reset per channel (up to 5), the rest counted; the fullest tab stays valid', () => {
    const channelRatings = [
      { channelId: 'C00000001', count: 7 },
      { channelId: 'C00000002', count: 0 },
      { channelId: 'C00000003', count: 1 },
      ...Array.from({ length: 6 }, (_, i) => ({ channelId: `C1000000${i}`, count: 2 + i })),
    ];
    const savedItems = Array.from({ length: 10 }, (_, i) => ({
      paperId: `p-${i}`,
      arxivId: `2502.${10000 + i}`,
      title: `Paper number ${i}`,
      authors: ['Ada Lovelace'],
      date: '2026-03-01',
      url: `https://huggingface.co/papers/2502.${10000 + i}`,
      savedAt: new Date('2026-03-03T10:00:00Z'),
      readAt: null,
    }));
    // The fullest tab: a full page of digests, a pager, a workspace pause, a notice, follows and a page of saved papers.
    const items = Array.from({ length: 45 }, (_, i) => item(i, { pausedReason: 'not_in_channel' }));
    const blocks = expectValidHome({
      ...base,
      page: 1,
      items,
      workspacePausedReason: 'app_uninstalled',
      notice: 'Done.',
      channelRatings,
      follows: [{ channelId: 'C00000001', name: 'Tri Dao', hfUser: null }],
      saved: { items: savedItems, total: 40, page: 1, pageSize: 10 },
    });
    const lines = blocks.filter((b) => b.block_id?.startsWith('home_channel_ratings:'));
    expect(lines.map((b) => JSON.stringify(b).match(/<#(C\d+)>: (\d+) ratings? given outside digests/)?.slice(1))).toEqual([
      ['C00000001', '7'],
      ['C00000003', '1'],
      ['C10000000', '2'],
      ['C10000001', '3'],
      ['C10000002', '4'],
    ]);
    expect(JSON.stringify(lines[1])).toContain('1 rating given outside digests (search results, shared papers, link cards, top lists, stopped digests) shapes every search and digest there.');
    const resets = buttonsIn(lines);
    expect(resets.map((b) => [b.action_id, b.value])).toEqual(
      ['C00000001', 'C00000003', 'C10000000', 'C10000001', 'C10000002'].map((c) => [ActionId.homeResetChannelRatings, JSON.stringify({ c, p: 1 })]),
    );
    expect(resets[0]?.confirm?.text.text).toBe("Forget the 7 ratings given in this channel outside digests? Ratings clicked on a digest stay (each digest's Reset forgets those).");
    expect(JSON.stringify(blocks.find((b) => b.block_id === 'home_channel_ratings_more'))).toContain('…and 3 more channels with ratings given outside digests: `/paper reset ratings` there forgets them.');
    // Nothing was cut to fit: the saved papers' pager is still the last block.
    expect(blocks.at(-1)?.block_id).toBe('home_saved_pager');

    // A channel id that is not one is shown escaped; no line when no channel has any.
    const odd = expectValidHome({ ...base, items: [item(0)], channelRatings: [{ channelId: '<!channel>', count: 2 }] });
    expect(JSON.stringify(odd)).toContain('&lt;!channel&gt;: 2 ratings');
    const none = expectValidHome({ ...base, items: [item(0)], channelRatings: [{ channelId: 'C00000001', count: 0 }] });
    expect(none.some((b) => b.block_id?.startsWith('home_channel_ratings'))).toBe(false);
  });

  it('authors your channels follow: every channel keeps its line, however many and however long the names', () => {
    // Three channels, each following the most authors (50) with the longest names (100 characters).
    const channels = ['C00000001', 'C00000002', 'C00000003'];
    const follows = channels.flatMap((channelId) =>
      Array.from({ length: 50 }, (_, i) => ({ channelId, name: `Maximilian ${'Alexander '.repeat(7)}Wolfeschlegelstei${String(i).padStart(2, '0')}`, hfUser: null })),
    );
    const blocks = expectValidHome({ ...base, items: [item(1)], follows });
    const section = blocks.find((b) => b.block_id === 'home_follows');
    const text = section?.type === 'section' ? (section.text?.text ?? '') : '';
    for (const channel of channels) expect(text).toMatch(new RegExp(`<#${channel}>: \\*Maximilian .*\\d+ more`));
    // Names are whole: every bold name is closed.
    expect((text.match(/\*/g) ?? []).length % 2).toBe(0);
  });

  it('no saved papers: says Save is under any paper, digests and top lists too (it named only search results and links)', () => {
    const text = JSON.stringify(expectValidHome({ ...base, items: [], saved: { items: [], total: 0, page: 0, pageSize: 5 } }));
    expect(text).toContain('Nothing saved yet. Press *Save* under any paper (a search result, a digest, a top list, a paper link) to keep it here.');
  });
});
