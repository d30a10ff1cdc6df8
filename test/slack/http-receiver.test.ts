import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { ActionId } from '../../src/views/action-ids.ts';
import { buttonsIn } from '../support/blocks.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { buttonClickBody, postSigned, slackSignature, slashCommandBody } from '../support/signed-request.ts';
import { BOT_TOKEN, SIGNING_SECRET, seedPaperSearch, startTestApp, type RunningTestApp } from '../support/test-app.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { type SlackReply } from '../support/slack-reply.ts';


describe('Bolt HTTP receiver with signed Slack requests', () => {
  let t: RunningTestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.stop();
  });

  async function paper(text: string, extra: Record<string, string> = {}): Promise<{ status: number; reply: SlackReply }> {
    const body = slashCommandBody({ text, response_url: t.slack.responseUrl('cmd'), ...extra });
    // How fast it answers (Slack's 3-second ack) is measured by `npm run bench`, not asserted here.
    const res = await postSigned(t.eventsUrl, body, SIGNING_SECRET);
    const raw = await res.text();
    return { status: res.status, reply: raw ? (JSON.parse(raw) as SlackReply) : {} };
  }

  it('answers /paper sparse attention with an ephemeral page of matching papers', async () => {
    const { status, reply } = await paper('sparse attention');
    expect(status).toBe(200);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toMatch(/sparse attention/i);
    const blocks = reply.blocks ?? [];
    expect(validateMessage(blocks, { surface: 'message' })).toEqual([]);
    expect(blockKitErrors(reply)).toEqual([]);
    const firstTitle = JSON.stringify(blocks.find((block) => block.block_id === 'result:0'));
    expect(firstTitle).toMatch(/Sparse Attention/i);
    expect(buttonsIn(blocks).filter((b) => b.action_id === ActionId.share).length).toBe(5);
    expect(buttonsIn(blocks).some((b) => b.action_id === ActionId.showMore)).toBe(true);
  });

  it('answers /paper help with the grammar', async () => {
    const { status, reply } = await paper('help');
    expect(status).toBe(200);
    expect(JSON.stringify(reply.blocks)).toContain('/paper');
    expect(JSON.stringify(reply.blocks)).toMatch(/subscribe/);
  });

  it('says so, with suggestions, when nothing matches', async () => {
    const { reply } = await paper('atention');
    expect(JSON.stringify(reply)).toMatch(/attention/);
    expect(validateMessage(reply.blocks ?? [], { surface: 'message' })).toEqual([]);
    expect(blockKitErrors(reply)).toEqual([]);
  });

  it('never lets a query inject mentions or links', async () => {
    const { status, reply } = await paper('<!date^1392734382^{date}|today> <http://evil.example|click> attention');
    expect(status).toBe(200);
    // Button values are never rendered; everything a person sees must be escaped.
    const json = JSON.stringify(reply, (key, value: unknown) => (key === 'value' ? undefined : value));
    expect(json).toContain('&lt;!date^1392734382^{date}|today&gt;');
    expect(json).not.toContain('<!date');
    expect(json).not.toContain('<http://evil');
    // @channel / @here are not searched (they would search "channel", "here") and are not echoed.
    const special = await paper('<!channel> <!here> attention');
    const specialJson = JSON.stringify(special.reply, (key, value: unknown) => (key === 'value' ? undefined : value));
    expect(specialJson).toContain('Slack mentions are not searched. To search the other words: `/paper attention`');
    expect(specialJson).not.toMatch(/<!/);
    // A person mention is not searched (the answer points to `author:`) and is not echoed either.
    const mention = await paper('<!channel> <@U999> <http://evil.example|click> attention');
    const mentionJson = JSON.stringify(mention.reply, (key, value: unknown) => (key === 'value' ? undefined : value));
    expect(mentionJson).toContain("Slack mentions are not searched. For a person's papers, use the author filter");
    expect(mentionJson).not.toMatch(/<[!@h]/);
    expect(blockKitErrors(mention.reply)).toEqual([]);
  });

  it('refuses a subscribe whose timezone lacks `tz` (ephemeral, names the fix) and saves nothing', async () => {
    const { status, reply } = await paper('subscribe sparse attention at 09:00 Europe/Berlin', { channel_id: 'C_TZ' });
    expect(status).toBe(200);
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('`at 09:00 tz Europe/Berlin`');
    expect(await t.runtime.store.listSubscriptions('T1', 'C_TZ')).toEqual([]);
  });

  it('rejects a wrong signature with 401 and runs nothing', async () => {
    const body = slashCommandBody({ text: 'sparse attention', response_url: t.slack.responseUrl('bad') });
    const logged = t.logs.length;
    const res = await postSigned(t.eventsUrl, body, SIGNING_SECRET, { signature: slackSignature('not-the-secret', Math.floor(Date.now() / 1000), body) });
    expect(res.status).toBe(401);
    // The operator is told what to check, in one line, without the secret.
    const lines = t.logs.slice(logged).filter((line) => line.includes('401'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/signature mismatch.*check SLACK_SIGNING_SECRET/);
    expect(lines[0]).not.toContain(SIGNING_SECRET);
  });

  it('rejects a stale timestamp (over 5 minutes old) with 401', async () => {
    const body = slashCommandBody({ text: 'sparse attention' });
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const logged = t.logs.length;
    const res = await postSigned(t.eventsUrl, body, SIGNING_SECRET, { timestamp: stale });
    expect(res.status).toBe(401);
    expect(t.logs.slice(logged).filter((line) => line.includes('401'))).toEqual([expect.stringMatching(/stale.*over 5 minutes from this machine's clock/)]);
  });

  it('rejects a request without signature headers with 401', async () => {
    const res = await fetch(t.eventsUrl, {
      method: 'POST',
      body: slashCommandBody({ text: 'x' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(401);
  });

  it('"Show more" replaces the ephemeral reply with the next page', async () => {
    const { reply } = await paper('attention');
    const more = buttonsIn(reply.blocks ?? []).find((b) => b.action_id === ActionId.showMore);
    expect(more?.value).toBeTruthy();
    const firstPageIds = buttonsIn(reply.blocks ?? []).filter((b) => b.action_id === ActionId.share).map((b) => b.value);

    const before = t.slack.callsTo('response_url').length;
    const res = await postSigned(
      t.eventsUrl,
      buttonClickBody({
        actionId: ActionId.showMore,
        value: more?.value,
        channelId: 'C1',
        responseUrl: t.slack.responseUrl('more'),
        container: { type: 'message', is_ephemeral: true },
      }),
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    const calls = await t.slack.waitFor('response_url', before + 1);
    const update = calls.at(-1)?.params as SlackReply;
    expect(update.replace_original).toBe(true);
    const secondPageIds = buttonsIn(update.blocks ?? []).filter((b) => b.action_id === ActionId.share).map((b) => b.value);
    expect(secondPageIds.length).toBe(5);
    expect(secondPageIds.some((id) => firstPageIds.includes(id))).toBe(false);
    expect(validateMessage(update.blocks ?? [], { surface: 'message' })).toEqual([]);
    expect(blockKitErrors(update)).toEqual([]);
  });

  it('"Share" posts the paper in the channel, naming who shared it', async () => {
    const search = await seedPaperSearch();
    const hit = search.search('Hydra draft heads Medusa').hits[0];
    expect(hit?.paper.title).toMatch(/Hydra/);
    const before = t.slack.callsTo('chat.postMessage').length;
    const res = await postSigned(
      t.eventsUrl,
      buttonClickBody({
        actionId: ActionId.share,
        value: hit?.paper.id,
        userId: 'U42',
        channelId: 'C7',
        responseUrl: t.slack.responseUrl('share'),
        container: { type: 'message', is_ephemeral: true },
      }),
      SIGNING_SECRET,
    );
    expect(res.status).toBe(200);
    const posts = await t.slack.waitFor('chat.postMessage', before + 1);
    const post = posts.at(-1);
    expect(post?.params.channel).toBe('C7');
    expect(post?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(JSON.stringify(post?.params.blocks)).toContain('<@U42>');
    expect(JSON.stringify(post?.params.blocks)).toContain('Hydra');
    expect(String(post?.params.text)).toMatch(/Hydra/);
    expect(validateMessage(post?.params.blocks as KnownBlock[], { surface: 'message' })).toEqual([]);
    expect(blockKitErrors(post?.params ?? {})).toEqual([]);
  });

  it('"Share" in a channel the bot is not in explains how to invite it', async () => {
    const search = await seedPaperSearch();
    const id = search.search('graph transformers').hits[0]?.paper.id;
    t.slack.answerNext('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    const before = t.slack.callsTo('response_url').length;
    await postSigned(
      t.eventsUrl,
      buttonClickBody({
        actionId: ActionId.share,
        value: id,
        channelId: 'G1',
        responseUrl: t.slack.responseUrl('share-fail'),
      }),
      SIGNING_SECRET,
    );
    const calls = await t.slack.waitFor('response_url', before + 1);
    expect(JSON.stringify(calls.at(-1)?.params)).toContain('/invite @paper');
  });

  it('"Share" in a direct message between two people (where /paper works but the bot cannot post) says so, and does not suggest /invite', async () => {
    const search = await seedPaperSearch();
    const id = search.search('graph transformers').hits[0]?.paper.id;
    // Slack's answer for a DM the bot is not part of.
    t.slack.answerNext('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    const before = t.slack.callsTo('response_url').length;
    await postSigned(
      t.eventsUrl,
      buttonClickBody({ actionId: ActionId.share, value: id, channelId: 'D0123ABCD', responseUrl: t.slack.responseUrl('share-dm') }),
      SIGNING_SECRET,
    );
    const reply = (await t.slack.waitFor('response_url', before + 1)).at(-1)?.params ?? {};
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(reply.text)).toMatch(/direct message/);
    expect(String(reply.text)).not.toContain('/invite');
  });

  it('keeps the configured log level (Bolt would reset it to info): debug lines of a request are logged', () => {
    expect(t.logger.getLevel()).toBe('debug');
    expect(t.logs.some((line) => / DEBUG /.test(line))).toBe(true);
  });

  it('keeps the signing secret and bot token out of the logs', () => {
    const all = t.logs.join('\n');
    expect(all).not.toContain(SIGNING_SECRET);
    expect(all).not.toContain(BOT_TOKEN);
  });
});

describe('/healthz', () => {
  it('answers 503 while the index loads and 200 once it is ready', async () => {
    const t = await startTestApp({ ready: false });
    try {
      expect((await fetch(`${t.url}/healthz`)).status).toBe(503);
      const { reply } = await (async () => {
        const res = await postSigned(t.eventsUrl, slashCommandBody({ text: 'attention' }), SIGNING_SECRET);
        return { reply: (await res.json()) as SlackReply };
      })();
      expect(JSON.stringify(reply)).toMatch(/still loading/);
      t.runtime.searchState.swap(await seedPaperSearch());
      const ready = await fetch(`${t.url}/healthz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', papers: 247 });
      await t.runtime.searchState.warmed;
      expect(await (await fetch(`${t.url}/healthz`)).json()).toMatchObject({ status: 'ready', papers: 247, warmedUp: true });
    } finally {
      await t.stop();
    }
  });

  it('answers HEAD as GET, without a body (uptime monitors such as UptimeRobot check with HEAD)', async () => {
    const t = await startTestApp({ ready: false });
    try {
      expect((await fetch(`${t.url}/healthz`, { method: 'HEAD' })).status).toBe(503);
      t.runtime.searchState.swap(await seedPaperSearch());
      const ready = await fetch(`${t.url}/healthz`, { method: 'HEAD' });
      expect(ready.status).toBe(200);
      expect(ready.headers.get('content-type')).toBe('application/json');
      expect(await ready.text()).toBe('');
      expect((await fetch(`${t.url}/livez`, { method: 'HEAD' })).status).toBe(200);
    } finally {
      await t.stop();
    }
  });
});
