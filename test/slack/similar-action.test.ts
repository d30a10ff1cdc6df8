import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { buttonsIn } from '../support/blocks.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { buttonClickBody, postSigned, slashCommandBody } from '../support/signed-request.ts';
import { SIGNING_SECRET, seedPaperSearch, startTestApp, type RunningTestApp } from '../support/test-app.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { type SlackReply } from '../support/slack-reply.ts';


describe('"Similar" through the real HTTP receiver', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  function clickSimilar(value: string | undefined, responseName: string): Promise<Response> {
    return postSigned(
      t.eventsUrl,
      buttonClickBody({
        actionId: ActionId.similar,
        value,
        blockId: 'result_actions:0',
        userId: 'U42',
        channelId: 'C7',
        responseUrl: t.slack.responseUrl(responseName),
        container: { type: 'message', is_ephemeral: true },
      }),
      SIGNING_SECRET,
    );
  }

  it('every /paper result carries Similar beside Share, with the paper id', async () => {
    const res = await postSigned(t.eventsUrl, slashCommandBody({ text: 'speculative decoding', response_url: t.slack.responseUrl('cmd') }), SIGNING_SECRET);
    const reply = JSON.parse(await res.text()) as SlackReply;
    const buttons = buttonsIn(reply.blocks ?? []);
    const shares = buttons.filter((b) => b.action_id === ActionId.share).map((b) => b.value);
    const similar = buttons.filter((b) => b.action_id === ActionId.similar).map((b) => b.value);
    expect(similar.length).toBe(5);
    expect(similar).toEqual(shares);
  });

  it('answers on the response_url with an ephemeral "Papers similar to <title>" list, without the paper itself', async () => {
    const search = await seedPaperSearch();
    const source = search.search('Hydra draft heads Medusa').hits[0]?.paper;
    expect(source?.title).toMatch(/^Hydra/);
    const before = t.slack.callsTo('response_url').length;
    const res = await clickSimilar(source?.id, 'similar');
    expect(res.status).toBe(200);

    const calls = await t.slack.waitFor('response_url', before + 1);
    const reply = calls.at(-1)?.params as SlackReply;
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.replace_original).toBe(false);
    expect(reply.text).toMatch(/^Papers similar to Hydra: Sequentially-Dependent Draft Heads/);
    const blocks = reply.blocks ?? [];
    expect(validateMessage(blocks, { surface: 'message' })).toEqual([]);
    expect(blockKitErrors(reply)).toEqual([]);
    expect(JSON.stringify(blocks[0])).toContain('Papers similar to');

    const ids = buttonsIn(blocks).filter((b) => b.action_id === ActionId.similar).map((b) => b.value);
    expect(ids).toEqual(search.similar(source?.id ?? '', 5).map((hit) => hit.paper.id));
    expect(ids).toHaveLength(5);
    expect(ids).not.toContain(source?.id);
    // The other speculative-decoding papers of the corpus are the closest ones.
    const titles = ids.map((id) => search.get(id ?? '')?.title ?? '');
    expect(titles.slice(0, 2).every((title) => /Clover|Chimera/.test(title))).toBe(true);
  });

  it('an unknown paper id gets a friendly ephemeral error', async () => {
    const before = t.slack.callsTo('response_url').length;
    await clickSimilar('no-such-paper', 'similar-missing');
    const calls = await t.slack.waitFor('response_url', before + 1);
    const reply = calls.at(-1)?.params as SlackReply;
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.blocks)).toMatch(/couldn.t find that paper/i);
  });
});
