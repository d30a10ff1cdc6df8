/**
 * A digest seeded with an example paper (`/paper subscribe <topic> like <paper>`, issue 16) brings papers *like* it: the
 * example itself, which the channel named, is never sent back to it (as a feed without words never sends its own).
 * Through Bolt's real HTTP receiver: signed `/paper` commands, the example looked up at the Hugging Face fixture (a real
 * record from ../shared/fixtures), the preview, and the digest the scheduler runs at its time (fake Slack Web API).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueDigests } from '../../src/digests/runner.ts';
import type { ArxivFixture } from '../ingest/arxiv-fixture.ts';
import type { HfFixture } from '../ingest/hf-fixture.ts';
import { startLookupFixtures } from '../ingest/lookup-fixtures.ts';
import { paperCommand, type SlackReply } from '../support/slack-reply.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';

const TEAM = 'T1';
const CHANNEL = 'C0VIDEO';

describe('an example paper is not sent back to the channel that named it', () => {
  let clock = new Date('2026-11-23T08:00:00Z');
  let t: RunningTestApp;
  let hf: HfFixture;
  let arxiv: ArxivFixture;

  beforeAll(async () => {
    ({ hf, arxiv } = await startLookupFixtures());
    t = await startTestApp({ clock: () => clock, env: { HF_API_URL: hf.base, ARXIV_API_URL: arxiv.url } });
  });
  afterAll(async () => {
    await t.stop();
    await Promise.all([hf.stop(), arxiv.stop()]);
  });

  const command = (text: string): Promise<SlackReply> => paperCommand(t, { text, team: TEAM, channel: CHANNEL, user: 'U1' });

  it('neither the preview nor the digest posted at its time holds the example', async () => {
    // Self-Forcing++ (2510.02283) is about video generation, the only seed-corpus match of the topic besides itself.
    const subscribed = await command('subscribe video generation like https://huggingface.co/papers/2510.02283 at 09:00 tz UTC');
    expect(subscribed.text).toContain('Example paper added: “Self-Forcing++');
    const example = await t.runtime.store.getPaperByArxivId('2510.02283');
    expect(example).not.toBeNull();

    const preview = JSON.stringify((await command('digest video generation')).blocks);
    expect(preview).not.toContain('huggingface.co/papers/2510.02283');

    clock = new Date('2026-11-23T09:00:00Z');
    await runDueDigests(t.runtime.runnerDeps(t.poster), clock);
    const posted = t.slack.callsTo('chat.postMessage').map((call) => JSON.stringify(call.params));
    expect(posted.filter((params) => params.includes('2510.02283'))).toEqual([]);
    expect(await t.runtime.store.deliveredPaperIds(TEAM, CHANNEL)).not.toContain(example?.id);
  });
});
