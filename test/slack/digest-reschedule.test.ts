/**
 * Moving a digest later in the day after today's already went out, through the real HTTP receiver: a channel gets
 * one digest per local day, so the reply, `/paper list`, the preview and the App Home say tomorrow, and tomorrow is
 * when it comes.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ClockedApp } from '../support/clocked-app.ts';
import { FakeSlack, openChannels } from '../support/fake-slack.ts';
import { postEvent } from '../support/slack-events.ts';
import { SIGNING_SECRET, tempSqliteUrl } from '../support/test-app.ts';

describe('a digest moved later on a day it already went out', () => {
  const t = new ClockedApp('2026-11-23T08:00:00Z'); // a Monday
  const { command, tick } = t;
  let slack: FakeSlack | undefined;

  afterAll(async () => {
    await t.stop();
  });

  it('says the next digest is tomorrow at the new time, and posts nothing more today', async () => {
    slack = await new FakeSlack().start();
    openChannels(slack);
    await t.start({ databaseUrl: tempSqliteUrl(), slack });
    expect((await command('subscribe sparse attention at 09:00 tz UTC')).text).toMatch(/Next digest: Mon Nov 23, 09:00 UTC/);
    await tick('2026-11-23T09:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);

    t.now = new Date('2026-11-23T09:30:00Z');
    const moved = await command('subscribe sparse attention at 10:00');
    expect(moved.text).toMatch(/Updated: every day at 10:00 UTC; next digest Tue Nov 24, 10:00 UTC/);
    const list = JSON.stringify(await command('list'));
    expect(list).toMatch(/Tue Nov 24, 10:00 UTC/);
    expect(list).not.toMatch(/Mon Nov 23, 10:00 UTC/);
    const preview = JSON.stringify(await command('digest sparse attention'));
    expect(preview).toMatch(/Tue Nov 24, 10:00 UTC/);
    const before = slack.callsTo('views.publish').length;
    await postEvent(t.app.eventsUrl, SIGNING_SECRET, 'T1', { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.2' });
    const home = JSON.stringify((await slack.waitFor('views.publish', before + 1)).at(-1)?.params);
    expect(home).toMatch(/Tue Nov 24, 10:00 UTC/);
    expect(home).not.toMatch(/Mon Nov 23, 10:00 UTC/);

    await tick('2026-11-23T10:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    await tick('2026-11-24T10:00:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('a digest not yet sent today still comes today at the new time', async () => {
    t.now = new Date('2026-11-24T11:00:00Z');
    expect((await command('subscribe graph neural networks at 12:00 tz UTC')).text).toMatch(/Next digest: Tue Nov 24, 12:00 UTC/);
    const moved = await command('subscribe graph neural networks at 13:00');
    expect(moved.text).toMatch(/next digest Tue Nov 24, 13:00 UTC/);
  });

  it('moved earlier, to a time already past today, before today\'s went out: tomorrow at the new time, nothing sent now (digest-moved-to-past-slot.test.ts)', async () => {
    if (!slack) throw new Error('app not started');
    t.now = new Date('2026-11-24T11:30:00Z');
    const posts = slack.callsTo('chat.postMessage').length;
    const moved = await command('subscribe graph neural networks at 11:15');
    expect(moved.text).toMatch(/next digest Wed Nov 25, 11:15 UTC/);
    expect(JSON.stringify(await command('list'))).toMatch(/Wed Nov 25, 11:15 UTC/);
    await tick('2026-11-24T11:31:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(posts);
    await tick('2026-11-25T10:00:00Z'); // the channel's other digest
    await tick('2026-11-25T11:15:00Z');
    expect(slack.callsTo('chat.postMessage')).toHaveLength(posts + 2);
  });
});
