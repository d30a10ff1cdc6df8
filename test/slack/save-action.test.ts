/**
 * "Save for later" (issue 17) through Bolt's real HTTP receiver: a block_actions payload as Slack sends it
 * (../shared/fixtures/slack-payloads, its action swapped for our Save button), signed; the ephemeral answer goes to
 * the response_url of the fake Slack, the App Home's Mark read / Remove publish the tab again (views.publish).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { ActionId } from '../../src/views/action-ids.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { savedButtonValue } from '../../src/views/home.ts';
import { buttonsIn } from '../support/blocks.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { blockActionBody, buttonClickBody, postSigned, slashCommandBody } from '../support/signed-request.ts';
import { postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET, seedPaperSearch, startTestApp, type RunningTestApp } from '../support/test-app.ts';
import { BLOCK_ACTIONS_FIXTURE as FIXTURE, type SlackReply } from '../support/slack-reply.ts';



const TEAM = 'T0G9PQBBK';
const USER = 'U111';

describe('Save through the real HTTP receiver', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  function expectValid(reply: { text?: string; blocks?: KnownBlock[] }, surface: 'message' | 'home' = 'message'): void {
    const blocks = reply.blocks ?? [];
    expect(validateMessage(blocks, { surface })).toEqual([]);
    if (surface === 'home') {
      expect(blockKitErrors({ type: 'home', blocks })).toEqual([]);
    } else {
      expect(blockKitMessageProblems(blocks)).toEqual([]);
      expect(blockKitErrors({ text: reply.text ?? '', blocks })).toEqual([]);
    }
  }

  /** The fixture click, its action replaced by Save on `paperId`. */
  async function clickSave(paperId: string, name: string, user = USER): Promise<SlackReply> {
    const before = t.slack.callsTo('response_url').length;
    const payload = {
      ...FIXTURE,
      user: { id: user },
      response_url: t.slack.responseUrl(name),
      actions: [{ action_id: ActionId.save, block_id: 'result_actions:0', text: { type: 'plain_text', text: 'Save' }, value: paperId, type: 'button', action_ts: '1678252216.469172' }],
    };
    const res = await postSigned(t.eventsUrl, blockActionBody(payload), SIGNING_SECRET);
    expect(res.status).toBe(200);
    const calls = await t.slack.waitFor('response_url', before + 1);
    const reply = calls.at(-1)?.params as SlackReply;
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.replace_original).toBe(false);
    expectValid(reply);
    return reply;
  }

  async function command(text: string, user = USER): Promise<SlackReply> {
    const res = await postSigned(t.eventsUrl, slashCommandBody({ text, team_id: TEAM, user_id: user, response_url: t.slack.responseUrl(`cmd-${text}`) }), SIGNING_SECRET);
    const reply = JSON.parse(await res.text()) as SlackReply;
    expect(reply.response_type).toBe('ephemeral');
    expectValid(reply);
    return reply;
  }

  async function homeClick(actionId: string, value: string): Promise<KnownBlock[]> {
    const before = t.slack.callsTo('views.publish').length;
    const body = buttonClickBody({ actionId, value, teamId: TEAM, userId: USER, container: { type: 'view', view_id: 'V1' }, view: { id: 'V1', type: 'home', hash: 'h' } });
    expect((await postSigned(t.eventsUrl, body, SIGNING_SECRET)).status).toBe(200);
    const calls = await t.slack.waitFor('views.publish', before + 1);
    const blocks = (calls.at(-1)?.params as { view: { blocks: KnownBlock[] } }).view.blocks;
    expectValid({ blocks }, 'home');
    return blocks;
  }

  it('search results carry Save beside Share and Similar, for the same papers', async () => {
    const reply = await command('speculative decoding');
    const buttons = buttonsIn(reply.blocks ?? []);
    const saves = buttons.filter((b) => b.action_id === ActionId.save).map((b) => b.value);
    expect(saves).toHaveLength(5);
    expect(saves).toEqual(buttons.filter((b) => b.action_id === ActionId.share).map((b) => b.value));
  });

  it('saves for the clicker, says "already saved" the second time, lists it in /paper saved and as BibTeX', async () => {
    const search = await seedPaperSearch();
    const paper = search.search('Hydra draft heads Medusa').hits[0]?.paper;
    expect(paper?.title).toMatch(/^Hydra/);
    const first = await clickSave(paper?.id ?? '', 'save-1');
    expect(first.text).toMatch(/^Saved Hydra: Sequentially-Dependent Draft Heads/);
    // Slack has the App Home: the answer points there as well as to the commands.
    expect(JSON.stringify(first.blocks)).toContain('Your saved papers: `/paper saved` (or the app’s Home tab), BibTeX with `/paper saved bibtex`.');
    const second = await clickSave(paper?.id ?? '', 'save-2');
    expect(second.text).toMatch(/is already saved/);
    expect(JSON.stringify(second.blocks)).toContain('already saved');

    const list = await command('saved');
    expect(list.text).toBe('Your 1 saved paper');
    expect(JSON.stringify(list.blocks)).toContain('Hydra: Sequentially-Dependent Draft Heads');
    // Someone else's list is their own.
    expect((await command('saved', 'U_OTHER')).text).toBe('You have no saved papers.');

    const bibtex = await command('saved bibtex');
    const code = JSON.stringify(bibtex.blocks);
    expect(code).toContain('```\\n@article{');
    expect(code).toContain('title = {Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding}');
  });

  it('a stale button (unknown paper) gets a clear ephemeral answer and saves nothing', async () => {
    const reply = await clickSave('no-such-paper', 'save-missing', 'U_STALE');
    expect(JSON.stringify(reply.blocks)).toMatch(/couldn.t find that paper any more/i);
    expect((await t.runtime.store.listSavedPapers(TEAM, 'U_STALE', { offset: 0, limit: 10 })).total).toBe(0);
  });

  it('in a Slack Connect channel, a member of another organization saves into their own workspace\'s list (where their /paper saved reads)', async () => {
    const search = await seedPaperSearch();
    const paper = search.search('Hydra draft heads Medusa').hits[0]?.paper;
    // The click carries the channel's host workspace as `team` and the clicker's own as `user.team_id`.
    const before = t.slack.callsTo('response_url').length;
    const payload = {
      ...FIXTURE,
      team: { id: TEAM, domain: 'host' },
      user: { id: 'U0GUEST', team_id: 'T0GUEST' },
      response_url: t.slack.responseUrl('save-guest'),
      actions: [{ action_id: ActionId.save, block_id: 'digest_actions:0', text: { type: 'plain_text', text: 'Save' }, value: paper?.id, type: 'button', action_ts: '1678252216.469172' }],
    };
    expect((await postSigned(t.eventsUrl, blockActionBody(payload), SIGNING_SECRET)).status).toBe(200);
    expect(String((await t.slack.waitFor('response_url', before + 1)).at(-1)?.params.text)).toMatch(/^Saved Hydra/);
    const res = await postSigned(t.eventsUrl, slashCommandBody({ text: 'saved', team_id: 'T0GUEST', user_id: 'U0GUEST', response_url: t.slack.responseUrl('guest-saved') }), SIGNING_SECRET);
    const list = JSON.parse(await res.text()) as SlackReply;
    expect(list.text).toBe('Your 1 saved paper');
    expect(JSON.stringify(list.blocks)).toContain('Hydra');
  });

  it('App Home shows saved papers with Mark read and Remove; a removed paper can be saved again', async () => {
    const search = await seedPaperSearch();
    const paper = search.search('speculative decoding').hits.map((hit) => hit.paper).find((p) => !/^Hydra/.test(p.title) && /^[\w :-]{20}/.test(p.title));
    expect(paper).toBeDefined();
    const id = paper?.id ?? '';
    await clickSave(id, 'save-home');

    const before = t.slack.callsTo('views.publish').length;
    await postEvent(t.eventsUrl, SIGNING_SECRET, TEAM, { type: 'app_home_opened', user: USER, channel: 'D1', tab: 'home', event_ts: '1.2' });
    const opened = ((await t.slack.waitFor('views.publish', before + 1)).at(-1)?.params as { view: { blocks: KnownBlock[] } }).view.blocks;
    expectValid({ blocks: opened }, 'home');
    // Newest first: the paper just saved is above Hydra.
    const savedSections = opened.filter((b) => b.block_id?.startsWith('home_saved:')).map((b) => JSON.stringify(b));
    expect(savedSections).toHaveLength(2);
    expect(savedSections[0]).toContain(paper?.title.slice(0, 20));
    expect(savedSections[1]).toContain('Hydra');
    const buttons = buttonsIn(opened);
    expect(buttons.filter((b) => b.action_id === ActionId.homeSavedRead).map((b) => b.value)).toContain(savedButtonValue(id, 0));

    const read = await homeClick(ActionId.homeSavedRead, savedButtonValue(id, 0));
    expect(JSON.stringify(read)).toContain('Marked');
    expect(JSON.stringify(read.find((b) => b.block_id === 'home_saved:0'))).toContain('\u2714 read');
    expect(JSON.stringify(read.find((b) => b.block_id === 'home_saved:1'))).toContain('unread');
    expect(buttonsIn(read).filter((b) => b.action_id === ActionId.homeSavedRead)).toHaveLength(1);

    const removed = await homeClick(ActionId.homeSavedRemove, savedButtonValue(id, 0));
    expect(JSON.stringify(removed)).toContain('Removed');
    expect(removed.filter((b) => b.block_id?.startsWith('home_saved:'))).toHaveLength(1);
    const again = await homeClick(ActionId.homeSavedRemove, savedButtonValue(id, 0));
    expect(JSON.stringify(again)).toContain('no longer in your saved papers');

    const resaved = await clickSave(id, 'save-again');
    expect(resaved.text).toMatch(/^Saved /);
    expect((await t.runtime.store.listSavedPapers(TEAM, USER, { offset: 0, limit: 10 })).papers.map((p) => p.paperId)[0]).toBe(id);
  });
});
