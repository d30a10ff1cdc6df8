/**
 * The App Home tab has two lists with pages of their own: the digests (20 a page) and the saved papers (10 a page).
 * Through Bolt's real HTTP receiver (app_home_opened and block_actions from the Home view, signed, carrying the view
 * as it was published, as Slack sends it): a button of one list keeps the page the other list was on.
 */
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { buttonsIn } from '../support/blocks.ts';
import { buttonClickBody, postSigned } from '../support/signed-request.ts';
import { postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

const TEAM = 'T1';
const USER = 'U1';

interface PublishedView {
  type: string;
  blocks: KnownBlock[];
  private_metadata?: string;
}

describe('App Home pages', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const store = t.runtime.store;
    // 25 digests the user started (two pages) and 15 saved papers (two pages).
    for (let i = 1; i <= 25; i += 1) {
      await store.upsertSubscription({ teamId: TEAM, channelId: `C${String(i).padStart(3, '0')}`, topic: `topic number ${i}`, createdBy: USER });
    }
    const papers = t.runtime.searchState.current?.search('language models', { limit: 15 }).hits.map((hit) => hit.paper) ?? [];
    expect(papers).toHaveLength(15);
    for (const [i, paper] of papers.entries()) {
      await store.savePaper({ teamId: TEAM, userId: USER, paper, now: new Date(Date.UTC(2026, 10, 1, 0, i)) });
    }
  });
  afterAll(async () => {
    await t.stop();
  });

  async function published(before: number): Promise<PublishedView> {
    const view = ((await t.slack.waitFor('views.publish', before + 1)).at(-1)?.params as { view: PublishedView }).view;
    expect(view.type).toBe('home');
    expect(validateMessage(view.blocks, { surface: 'home' })).toEqual([]);
    expect(blockKitErrors({ type: 'home', blocks: view.blocks })).toEqual([]);
    return view;
  }

  async function openHome(): Promise<PublishedView> {
    const before = t.slack.callsTo('views.publish').length;
    expect((await postEvent(t.eventsUrl, SIGNING_SECRET, TEAM, { type: 'app_home_opened', user: USER, channel: 'D1', tab: 'home', event_ts: '1.2' })).status).toBe(200);
    return published(before);
  }

  /** A button of `view` pressed: Slack sends the view the button is in (with its private_metadata) along. */
  async function press(view: PublishedView, actionId: string, nth = 0): Promise<PublishedView> {
    const value = buttonsIn(view.blocks).filter((b) => b.action_id === actionId)[nth]?.value;
    expect(value).toBeDefined();
    const before = t.slack.callsTo('views.publish').length;
    const body = buttonClickBody({
      actionId,
      value,
      teamId: TEAM,
      userId: USER,
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1', type: 'home', hash: 'h', ...(view.private_metadata === undefined ? {} : { private_metadata: view.private_metadata }) },
    });
    expect((await postSigned(t.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
    return published(before);
  }

  const textOf = (view: PublishedView, blockId: string): string =>
    JSON.stringify(view.blocks.find((b) => b.block_id === blockId) ?? null);

  it('paging the digests keeps the saved papers’ page, and a saved paper’s button keeps the digests’ page', async () => {
    const home = await openHome();
    expect(textOf(home, 'home_list_header')).toContain('page 1 of 2');
    expect(textOf(home, 'home_saved_header')).toContain('page 1 of 2');

    const savedPage2 = await press(home, ActionId.homeSavedNext);
    expect(textOf(savedPage2, 'home_saved_header')).toContain('page 2 of 2');

    const digestsPage2 = await press(savedPage2, ActionId.homePageNext);
    expect(textOf(digestsPage2, 'home_list_header')).toContain('page 2 of 2');
    expect(textOf(digestsPage2, 'home_saved_header')).toContain('page 2 of 2');

    const read = await press(digestsPage2, ActionId.homeSavedRead);
    expect(JSON.stringify(read.blocks)).toContain('Marked');
    expect(textOf(read, 'home_list_header')).toContain('page 2 of 2');
    expect(textOf(read, 'home_saved_header')).toContain('page 2 of 2');

    const paused = await press(read, ActionId.homePause);
    expect(JSON.stringify(paused.blocks)).toContain('Paused');
    expect(textOf(paused, 'home_list_header')).toContain('page 2 of 2');
    expect(textOf(paused, 'home_saved_header')).toContain('page 2 of 2');
  });
});
