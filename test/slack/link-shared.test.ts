/**
 * Paper links unfold: the link_shared payload from Slack's docs (../shared/fixtures/slack-payloads), its links
 * replaced by paper links, signed and POSTed through Bolt's real HTTP receiver; the fake Web API records chat.unfurl.
 * Papers come from a real Hugging Face day; the clock is injected (the 30-minute rule).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/ingest.ts';
import { renderText } from '../../src/local/render-text.ts';
import { ArxivFixture } from '../ingest/arxiv-fixture.ts';
import { HfFixture } from '../ingest/hf-fixture.ts';
import type { RecordedCall } from '../support/fake-slack.ts';
import { postSigned, slashCommandBody } from '../support/signed-request.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

const SHARED = resolve(import.meta.dirname, '../../../shared/fixtures');
const LINK_SHARED = JSON.parse(readFileSync(resolve(SHARED, 'slack-payloads/slack-docs-examples/link_shared.api.slack.com.json'), 'utf8')) as {
  team_id: string;
  event: Record<string, unknown>;
} & Record<string, unknown>;
const HF_DAY = resolve(SHARED, 'hf-daily-papers/daily_papers_2025-10-03.json');

/** Papers of that day (LongCodeZip has a summary, a repository with 24 stars). */
const LONGCODEZIP = '2510.00446';
const OTHERS = ['2510.02283', '2510.02297', '2510.02314', '2510.02240'];

type Unfurls = Record<string, { blocks: KnownBlock[] }>;

describe('link_shared → chat.unfurl', () => {
  let t: RunningTestApp;
  let now = new Date('2026-08-17T09:00:00.000Z');
  let channelN = 0;
  const TEAM = LINK_SHARED.team_id;

  // Papers the corpus lacks are looked up (link-lookup.test.ts): here both sources know none, as for an id never issued.
  let hf: HfFixture;
  let arxiv: ArxivFixture;

  beforeAll(async () => {
    hf = await new HfFixture().start();
    arxiv = await new ArxivFixture().start();
    t = await startTestApp({ clock: () => now, env: { HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url } });
    await ingestFile(t.runtime.ingestDeps, HF_DAY);
  });
  afterAll(async () => {
    await t.stop();
    await Promise.all([hf.stop(), arxiv.stop()]);
  });

  const freshChannel = (): string => `C${String(++channelN).padStart(8, '0')}`;
  let tsN = 0;

  /** The docs' payload with our links, channel and message ts, as Slack signs and sends it. */
  async function share(channel: string, urls: string[], extra: Record<string, unknown> = {}): Promise<string> {
    tsN += 1;
    const messageTs = `1755421200.${String(tsN).padStart(6, '0')}`;
    const body = JSON.stringify({
      ...LINK_SHARED,
      event_id: `Ev${tsN}`,
      event: { ...LINK_SHARED.event, channel, message_ts: messageTs, links: urls.map((url) => ({ domain: new URL(url).hostname, url })), ...extra },
    });
    const res = await postSigned(t.eventsUrl, body, SIGNING_SECRET, { contentType: 'application/json' });
    expect(res.status).toBe(200);
    return messageTs;
  }

  /** The chat.unfurl call for `ts`: waits for the marker link (a paper never shared before) so "no card" can be checked too. */
  async function unfurlFor(ts: string): Promise<RecordedCall | undefined> {
    // Events are handled after the 200: a later message in a fresh channel is the "everything before is done" marker.
    const marker = await share(freshChannel(), [`https://arxiv.org/abs/${LONGCODEZIP}`]);
    await eventuallyCall(marker);
    return t.slack.callsTo('chat.unfurl').find((c) => c.params.ts === ts);
  }
  async function eventuallyCall(ts: string): Promise<RecordedCall> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const call = t.slack.callsTo('chat.unfurl').find((c) => c.params.ts === ts);
      if (call) return call;
      if (Date.now() > deadline) throw new Error(`no chat.unfurl for ${ts}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const unfurlsOf = (call: RecordedCall | undefined): Unfurls => (call?.params.unfurls ?? {}) as Unfurls;

  it('a pasted arXiv link unfolds into a compact card, valid Block Kit: title link, authors, date, upvotes, summary, code, Similar', async () => {
    const channel = freshChannel();
    const url = `https://arxiv.org/abs/${LONGCODEZIP}v2`;
    const ts = await share(channel, [url]);
    const call = await eventuallyCall(ts);
    expect(call.params).toMatchObject({ channel, ts });
    expect(call.authorization).toMatch(/^Bearer xoxb-/);
    const card = unfurlsOf(call)[url];
    if (!card) throw new Error('no card for the pasted URL');
    expect(blockKitMessageProblems(card.blocks)).toEqual([]);
    const text = renderText({ text: '', blocks: card.blocks });
    expect(text).toContain('LongCodeZip');
    expect(text).toContain(`https://huggingface.co/papers/${LONGCODEZIP}`);
    expect(text).toMatch(/LongCodeZip is a code compression framework for LLMs/);
    expect(text).toContain('YerbaPage/LongCodeZip (https://github.com/YerbaPage/LongCodeZip) \u2605 24');
    expect(text).toMatch(/et al\.|,/);
    expect(text).toMatch(/\u25B2 \d+/);
    expect(text).toMatch(/\b2025\b/);
    expect(text).toContain('[Similar]');
  });

  it('every URL form of one paper is the same paper: one card per message, keyed by the URL as pasted; other links are left alone', async () => {
    const channel = freshChannel();
    const [paper] = OTHERS;
    const forms = [`https://arxiv.org/pdf/${paper}v1.pdf`, `https://huggingface.co/papers/${paper}`, `https://www.alphaxiv.org/abs/${paper}`];
    const ts = await share(channel, ['https://arxiv.org/list/cs.CL/recent', ...forms, 'https://example.com/12345']);
    const call = await eventuallyCall(ts);
    expect(Object.keys(unfurlsOf(call))).toEqual([forms[0]]);
  });

  it('an alphaXiv overview link (what alphaXiv links to a paper as now, with its version) unfolds as the paper', async () => {
    const url = `https://www.alphaxiv.org/overview/${OTHERS[2]}v1`;
    const ts = await share(freshChannel(), [url]);
    const card = unfurlsOf(await eventuallyCall(ts))[url];
    expect(card).toBeDefined();
    expect(blockKitMessageProblems(card?.blocks ?? [])).toEqual([]);
  });

  it('the same paper is not unfolded again in the channel within 30 minutes (other channels are unaffected), and is after', async () => {
    const channel = freshChannel();
    const url = `https://huggingface.co/papers/${OTHERS[1]}`;
    const first = await share(channel, [url]);
    await eventuallyCall(first);

    now = new Date(now.getTime() + 29 * 60_000);
    const again = await share(channel, [url]);
    expect(await unfurlFor(again)).toBeUndefined();
    const elsewhere = await share(freshChannel(), [url]);
    expect(Object.keys(unfurlsOf(await eventuallyCall(elsewhere)))).toEqual([url]);

    now = new Date(now.getTime() + 2 * 60_000);
    const later = await share(channel, [url]);
    expect(Object.keys(unfurlsOf(await eventuallyCall(later)))).toEqual([url]);
  });

  it('a message with many paper links unfolds at most 3, in the order they were pasted', async () => {
    const channel = freshChannel();
    const urls = [LONGCODEZIP, ...OTHERS].map((id) => `https://arxiv.org/abs/${id}`);
    const ts = await share(channel, urls);
    expect(Object.keys(unfurlsOf(await eventuallyCall(ts)))).toEqual(urls.slice(0, 3));
  });

  it('a message with 100 links to papers nobody has asks the paper sources about at most 3 of them; a known paper further down still unfolds', async () => {
    const channel = freshChannel();
    const unknown = Array.from({ length: 100 }, (_, i) => `https://arxiv.org/abs/2511.${String(20000 + i)}`);
    const known = `https://arxiv.org/pdf/${OTHERS[1]}v2`;
    const hfBefore = hf.requests.length;
    const arxivBefore = arxiv.requests.length;
    const ts = await share(channel, [...unknown, known]);
    expect(Object.keys(unfurlsOf(await eventuallyCall(ts)))).toEqual([known]);
    expect(hf.requests.slice(hfBefore).filter((r) => r.path.includes('/api/papers/2511.')).length).toBeLessThanOrEqual(3);
    expect(arxiv.requests.slice(arxivBefore).filter((id) => id.startsWith('2511.')).length).toBeLessThanOrEqual(3);
  });

  it('/paper unfurl off stops it in that channel (shown in /paper list), /paper unfurl on brings it back', async () => {
    const channel = freshChannel();
    const command = async (text: string): Promise<string> => {
      const res = await postSigned(t.eventsUrl, slashCommandBody({ text, team_id: TEAM, channel_id: channel, response_url: t.slack.responseUrl('u') }), SIGNING_SECRET);
      expect(res.status).toBe(200);
      const reply = (await res.json()) as { text?: string; blocks?: KnownBlock[] };
      if (reply.blocks) expect(blockKitMessageProblems(reply.blocks)).toEqual([]);
      return renderText({ text: reply.text ?? '', blocks: reply.blocks ?? [] });
    };
    expect(await command('unfurl off')).toMatch(/no longer unfold/);
    expect(await command('list')).toMatch(/don't unfold in this channel/);
    const url = `https://arxiv.org/abs/${OTHERS[2]}`;
    const off = await share(channel, [url]);
    expect(await unfurlFor(off)).toBeUndefined();
    expect(await command('unfurl sideways')).toMatch(/takes `on` or `off`/);
    expect(await command('unfurl on')).toMatch(/unfold into a card again/);
    expect(await command('list')).toMatch(/unfold into a card in this channel/);
    const on = await share(channel, [url]);
    expect(Object.keys(unfurlsOf(await eventuallyCall(on)))).toEqual([url]);
  });

  it('a link still in the composer is unfolded by its unfurl_id', async () => {
    const url = `https://arxiv.org/abs/${OTHERS[3]}`;
    const unfurlId = 'C123456.123456789.987501.composer';
    await share(freshChannel(), [url], { source: 'composer', unfurl_id: unfurlId });
    const deadline = Date.now() + 5_000;
    let call: RecordedCall | undefined;
    while (!call && Date.now() < deadline) {
      call = t.slack.callsTo('chat.unfurl').find((c) => c.params.unfurl_id === unfurlId);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(call?.params).toMatchObject({ source: 'composer', unfurl_id: unfurlId });
    expect(call?.params.channel).toBeUndefined();
  });

  it('a paste whose chat.unfurl Slack refused (a hiccup) unfolds when pasted again, instead of waiting out the 30 minutes', async () => {
    const channel = freshChannel();
    const url = `https://arxiv.org/abs/${OTHERS[3]}`;
    t.slack.answerNext('chat.unfurl', { body: { ok: false, error: 'internal_error' } });
    const failed = await share(channel, [url]);
    await eventuallyCall(failed);
    const deadline = Date.now() + 5_000;
    while (!t.logs.some((l) => l.includes('internal_error')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const again = await share(channel, [url]);
    expect(Object.keys(unfurlsOf(await eventuallyCall(again)))).toEqual([url]);
  });

  it('composer previews (Slack sends them with channel "COMPOSER") are each person\'s draft: one does not stop another\'s, nor the posted message\'s card', async () => {
    const url = `https://arxiv.org/abs/${OTHERS[1]}`;
    const composerCall = async (unfurlId: string, user: string): Promise<RecordedCall> => {
      // The payload Slack's changelog (2021-08 changes to unfurls) gives for a link typed into the composer.
      await share('COMPOSER', [url], { source: 'composer', unfurl_id: unfurlId, message_ts: unfurlId, user });
      const deadline = Date.now() + 5_000;
      for (;;) {
        const call = t.slack.callsTo('chat.unfurl').find((c) => c.params.unfurl_id === unfurlId);
        if (call) return call;
        if (Date.now() > deadline) throw new Error(`no composer unfurl for ${unfurlId}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    expect(Object.keys(unfurlsOf(await composerCall('U0AAA-909b5454-composer-1', 'U0AAA')))).toEqual([url]);
    // Another person, drafting in another channel a minute later.
    expect(Object.keys(unfurlsOf(await composerCall('U0BBB-1b90fa12-composer-2', 'U0BBB')))).toEqual([url]);
    // The message once sent unfolds in its channel as any paste does.
    const posted = await share(freshChannel(), [url], { source: 'conversations_history' });
    expect(Object.keys(unfurlsOf(await eventuallyCall(posted)))).toEqual([url]);
  });

  it('a paper the corpus does not have leaves the link alone; a Slack error on chat.unfurl is logged, nothing else breaks', async () => {
    const unknown = await share(freshChannel(), ['https://arxiv.org/abs/2509.99999']);
    expect(await unfurlFor(unknown)).toBeUndefined();
    t.slack.answerNext('chat.unfurl', { body: { ok: false, error: 'cannot_unfurl_url' } });
    const failing = await share(freshChannel(), [`https://arxiv.org/abs/${OTHERS[0]}`]);
    await eventuallyCall(failing);
    const deadline = Date.now() + 5_000;
    while (!t.logs.some((l) => l.includes('cannot_unfurl_url')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(t.logs.some((l) => l.includes('chat.unfurl') && l.includes('cannot_unfurl_url'))).toBe(true);
  });
});
