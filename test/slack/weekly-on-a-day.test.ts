/**
 * A weekly digest on a named day, end to end through Bolt's real HTTP receiver, a SQLite file and the fake Slack:
 * `/paper subscribe … every monday … tz Asia/Tokyo` typed on a Wednesday, `/paper list` and the App Home naming Monday,
 * the runner's ticks posting it on Monday in Tokyo (Sunday in UTC) and on no other day, and the command
 * `/paper unsubscribe` offers bringing it back on Monday when pasted on another day.
 */
import type { KnownBlock } from '@slack/types';
import { afterAll, describe, expect, it } from 'vitest';
import { validateMessage } from '../../src/views/limits.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { ClockedApp } from '../support/clocked-app.ts';
import { FakeSlack, openChannels } from '../support/fake-slack.ts';
import { postEvent } from '../support/slack-events.ts';
import type { SlackReply } from '../support/slack-reply.ts';
import { SIGNING_SECRET, tempSqliteUrl } from '../support/test-app.ts';

/** The words a person reads in a reply: its blocks' text. */
const words = (reply: SlackReply): string => JSON.stringify(reply.blocks ?? []);

describe('/paper subscribe … every monday, through the real receiver and the runner', () => {
  // Wednesday Nov 25, 2026, 10:00 UTC (19:00 in Tokyo, still Wednesday there).
  const t = new ClockedApp('2026-11-25T10:00:00Z');
  const { command, tick } = t;
  let slack: FakeSlack;

  afterAll(async () => {
    await t.stop();
  });

  it('subscribes on a Wednesday to a digest on Mondays, and says so', async () => {
    slack = await new FakeSlack().start();
    openChannels(slack, false);
    await t.start({ databaseUrl: tempSqliteUrl(), slack });
    const reply = await command('subscribe sparse attention every Monday at 08:00 tz Asia/Tokyo');
    expect(reply.text).toContain('Subscribed this channel to *sparse attention*: every Monday at 08:00 Asia/Tokyo. Next digest: Mon Nov 30, 08:00 Asia/Tokyo');
    expect(validateMessage(reply.blocks ?? [], { surface: 'message' })).toEqual([]);
    expect(blockKitErrors(reply)).toEqual([]);
  });

  it('/paper list and the App Home name the day', async () => {
    const list = await command('list');
    expect(blockKitErrors(list)).toEqual([]);
    expect(words(list)).toContain('every Monday at 08:00 Asia/Tokyo');
    expect(words(list)).toContain('Mon Nov 30, 08:00 Asia/Tokyo');

    const before = slack.callsTo('views.publish').length;
    const res = await postEvent(t.app.eventsUrl, SIGNING_SECRET, 'T1', { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.2' });
    expect(res.status).toBe(200);
    const home = ((await slack.waitFor('views.publish', before + 1)).at(-1)?.params as { view: { blocks: KnownBlock[] } }).view.blocks;
    expect(blockKitErrors({ type: 'home', blocks: home })).toEqual([]);
    expect(JSON.stringify(home)).toContain('every Monday at 08:00 Asia/Tokyo');
  });

  it('posts at 08:00 on Monday in Tokyo (23:00 Sunday UTC) and on no other day of the week', async () => {
    // 08:00 in Tokyo from Thursday to Sunday: no digest.
    for (const at of ['2026-11-25T23:00:00Z', '2026-11-26T23:00:00Z', '2026-11-27T23:00:00Z', '2026-11-28T23:00:00Z']) {
      await tick(at);
      expect(slack.callsTo('chat.postMessage'), at).toHaveLength(0);
    }
    await tick('2026-11-29T22:59:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    await tick('2026-11-29T23:00:00Z');
    const posts = slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.params.channel).toBe('C_RESEARCH');
    expect(String(posts[0]?.params.text)).toMatch(/sparse attention/i);
    expect(blockKitErrors(posts[0]?.params ?? {})).toEqual([]);
    // Monday in UTC is Tuesday in Tokyo: nothing more, and nothing the days after.
    for (const at of ['2026-11-30T09:00:00Z', '2026-11-30T23:00:00Z', '2026-12-02T23:00:00Z']) {
      await tick(at);
      expect(slack.callsTo('chat.postMessage'), at).toHaveLength(1);
    }
    expect(words(await command('list'))).toContain('Mon Dec 7, 08:00 Asia/Tokyo');
  });

  it('the command /paper unsubscribe offers brings it back on Mondays, pasted on a Thursday', async () => {
    const stopped = await command('unsubscribe sparse attention');
    expect(blockKitErrors(stopped)).toEqual([]);
    expect(words(stopped)).toContain('/paper subscribe \\"sparse attention\\" at 08:00 tz Asia/Tokyo every monday');
    t.now = new Date('2026-12-03T03:00:00Z'); // Thursday in Tokyo
    const again = await command('subscribe "sparse attention" at 08:00 tz Asia/Tokyo every monday');
    expect(again.text).toContain('every Monday at 08:00 Asia/Tokyo. Next digest: Mon Dec 7, 08:00 Asia/Tokyo');
  });
});
