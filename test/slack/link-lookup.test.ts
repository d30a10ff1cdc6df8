/**
 * A pasted link to a paper the corpus does not have (issue 17 #3), end to end: Slack's link_shared payload signed
 * and POSTed through Bolt's real HTTP receiver; the app asks the Hugging Face fixture (a real record from
 * ../shared/fixtures/hf-daily-papers) or, on its 404, the arXiv fixture (hand-written Atom); the fake Web API records
 * chat.unfurl; `/paper` then finds the paper. A lookup that fails leaves the link alone and says why in the log.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../../src/local/render-text.ts';
import type { ArxivFixture } from '../ingest/arxiv-fixture.ts';
import type { HfFixture } from '../ingest/hf-fixture.ts';
import { PERELMAN, startLookupFixtures } from '../ingest/lookup-fixtures.ts';
import type { RecordedCall } from '../support/fake-slack.ts';
import { postSigned, slashCommandBody } from '../support/signed-request.ts';
import { blockKitMessageProblems } from '../support/slack-schemas.ts';
import { SIGNING_SECRET, startTestApp, type RunningTestApp } from '../support/test-app.ts';

const SHARED = resolve(import.meta.dirname, '../../../shared/fixtures');
const LINK_SHARED = JSON.parse(readFileSync(resolve(SHARED, 'slack-payloads/slack-docs-examples/link_shared.api.slack.com.json'), 'utf8')) as {
  team_id: string;
  event: Record<string, unknown>;
} & Record<string, unknown>;

type Unfurls = Record<string, { blocks: KnownBlock[] }>;

describe('link_shared for a paper the corpus lacks → lookup → chat.unfurl, then searchable', () => {
  let t: RunningTestApp;
  let hf: HfFixture;
  let arxiv: ArxivFixture;
  let n = 0;

  beforeAll(async () => {
    ({ hf, arxiv } = await startLookupFixtures());
    t = await startTestApp({ env: { HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url } });
  });
  afterAll(async () => {
    await t.stop();
    await Promise.all([hf.stop(), arxiv.stop()]);
  });

  async function share(url: string): Promise<{ channel: string; ts: string }> {
    n += 1;
    const channel = `CL${String(n).padStart(7, '0')}`;
    const ts = `1755421300.${String(n).padStart(6, '0')}`;
    const body = JSON.stringify({
      ...LINK_SHARED,
      event_id: `EvL${n}`,
      event: { ...LINK_SHARED.event, channel, message_ts: ts, links: [{ domain: new URL(url).hostname, url }] },
    });
    const res = await postSigned(t.eventsUrl, body, SIGNING_SECRET, { contentType: 'application/json' });
    expect(res.status).toBe(200);
    return { channel, ts };
  }
  async function eventually<T>(find: () => T | undefined, what: string): Promise<T> {
    const deadline = Date.now() + 8_000;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  const unfurlCall = (ts: string): Promise<RecordedCall> => eventually(() => t.slack.callsTo('chat.unfurl').find((c) => c.params.ts === ts), `chat.unfurl for ${ts}`);
  async function paperSearch(text: string, channel: string): Promise<string> {
    const res = await postSigned(t.eventsUrl, slashCommandBody({ text, team_id: LINK_SHARED.team_id, channel_id: channel, response_url: t.slack.responseUrl('s') }), SIGNING_SECRET);
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { text?: string; blocks?: KnownBlock[] };
    return renderText({ text: reply.text ?? '', blocks: reply.blocks ?? [] });
  }

  it('Hugging Face has it: the card unfolds (valid Block Kit, its summary) and /paper finds the paper', async () => {
    const url = 'https://arxiv.org/abs/2510.02283v1';
    const { channel, ts } = await share(url);
    const call = await unfurlCall(ts);
    const card = (call.params.unfurls as Unfurls)[url];
    if (!card) throw new Error('no card for the pasted URL');
    expect(blockKitMessageProblems(card.blocks)).toEqual([]);
    const text = renderText({ text: '', blocks: card.blocks });
    expect(text).toContain('Self-Forcing++: Towards Minute-Scale High-Quality Video Generation');
    expect(text).toContain('https://huggingface.co/papers/2510.02283');
    expect(hf.requests.some((r) => r.path === '/api/papers/2510.02283')).toBe(true);
    expect(arxiv.requests).not.toContain('2510.02283');
    expect(await paperSearch('minute-scale video generation self-forcing', channel)).toContain('Self-Forcing++');
  });

  it('Hugging Face answers 404: arXiv has it, the card unfolds and /paper finds it', async () => {
    const url = `https://arxiv.org/abs/${PERELMAN}v1`;
    const { channel, ts } = await share(url);
    const call = await unfurlCall(ts);
    const card = (call.params.unfurls as Unfurls)[url];
    if (!card) throw new Error('no card for the pasted URL');
    expect(blockKitMessageProblems(card.blocks)).toEqual([]);
    const text = renderText({ text: '', blocks: card.blocks });
    expect(text).toContain('The entropy formula for the Ricci flow and its geometric applications');
    expect(text).toContain('Grisha Perelman');
    expect(arxiv.requests).toContain(PERELMAN);
    expect(await paperSearch('entropy formula ricci flow', channel)).toContain('The entropy formula for the Ricci flow');
  });

  it('a lookup that fails (Hugging Face keeps answering 500) leaves the link as Slack shows it and logs why', async () => {
    hf.answerNext(
      { status: 500, json: { error: 'boom' } },
      { status: 500, json: { error: 'boom' } },
      { status: 500, json: { error: 'boom' } },
    );
    const { ts } = await share('https://huggingface.co/papers/2509.88888');
    const line = await eventually(() => t.logs.find((l) => l.includes('looking up 2509.88888 failed')), 'the failure in the log');
    expect(line).toMatch(/HTTP 500.*gave up after 3 attempts/);
    expect(t.slack.callsTo('chat.unfurl').find((c) => c.params.ts === ts)).toBeUndefined();
  });
});
