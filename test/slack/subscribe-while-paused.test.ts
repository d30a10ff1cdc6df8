/**
 * `/paper subscribe <topic> at 07:00` on a digest that is paused (by a person, for a few days, by its channel, by the
 * workspace), through Bolt's real HTTP receiver: the reply says the new schedule is saved, that the digest is still
 * paused and how it resumes, and names no next digest while none will go out, only the first one after a timed pause.
 * The App Home and `/paper list` say the same; what the reply promises is what the runner does.
 */
import type { KnownBlock } from '@slack/types';
import { afterAll, describe, expect, it } from 'vitest';
import { validateMessage } from '../../src/views/limits.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { ClockedApp } from '../support/clocked-app.ts';
import { FakeSlack, openChannels } from '../support/fake-slack.ts';
import { eventually, postEvent } from '../support/slack-events.ts';
import type { SlackReply } from '../support/slack-reply.ts';
import { SIGNING_SECRET, tempSqliteUrl } from '../support/test-app.ts';

function expectValid(reply: SlackReply): void {
  expect(reply.response_type).toBe('ephemeral');
  expect(validateMessage(reply.blocks ?? [], { surface: 'message' })).toEqual([]);
  expect(blockKitErrors(reply)).toEqual([]);
}

/** The reply as a person reads it: its blocks' text. */
const shown = (reply: SlackReply): string => JSON.stringify(reply.blocks ?? []);

describe('/paper subscribe on a paused digest', () => {
  const t = new ClockedApp('2026-11-23T08:00:00Z'); // a Monday
  const { command, tick } = t;
  let slack: FakeSlack;

  afterAll(async () => {
    await t.stop();
  });

  const posts = (channel: string): number => slack.callsTo('chat.postMessage').filter((c) => c.params.channel === channel).length;
  const idIn = async (channel: string): Promise<number> => (await t.app.runtime.store.listSubscriptions('T1', channel))[0]?.id ?? 0;
  const send = (event: Record<string, unknown>): Promise<unknown> => postEvent(t.app.eventsUrl, SIGNING_SECRET, 'T1', event);

  async function openHome(): Promise<string> {
    const before = slack.callsTo('views.publish').length;
    await send({ type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home', event_ts: '1.2' });
    const calls = await slack.waitFor('views.publish', before + 1);
    const { view } = calls.at(-1)?.params as { view: { blocks: KnownBlock[] } };
    expect(validateMessage(view.blocks, { surface: 'home' })).toEqual([]);
    expect(blockKitErrors({ type: 'home', blocks: view.blocks })).toEqual([]);
    return JSON.stringify(view.blocks);
  }

  it('paused by a person: the new time is saved, the reply says it is still paused and how to resume, and gives no next digest', async () => {
    slack = await new FakeSlack().start();
    openChannels(slack);
    await t.start({ databaseUrl: tempSqliteUrl(), slack });
    await command('subscribe sparse attention at 09:00 tz UTC');
    const id = await idIn('C_RESEARCH');
    await command('pause sparse attention');

    const reply = await command('subscribe sparse attention at 07:00');
    expectValid(reply);
    expect(reply.text).toContain(`This channel is already subscribed to *sparse attention*. New schedule saved: every day at 07:00 UTC. (subscription #${id})`);
    expect(reply.text).toContain(`⏸ Still paused by someone (\`/paper resume #${id}\` or Resume in the App Home). No digest goes out until it resumes.`);
    expect(shown(reply)).not.toMatch(/next digest/i);
    expect((await t.app.runtime.store.listSubscriptions('T1', 'C_RESEARCH'))[0]?.time).toBe('07:00');

    const unchanged = await command('subscribe sparse attention');
    expectValid(unchanged);
    expect(unchanged.text).toContain(`⏸ Still paused by someone (\`/paper resume #${id}\``);
    expect(shown(unchanged)).not.toMatch(/next digest/i);

    const list = JSON.stringify(await command('list'));
    expect(list).not.toContain('Next:');
    expect(await openHome()).not.toContain('Next:');
    await tick('2026-11-24T07:00:00Z');
    expect(posts('C_RESEARCH')).toBe(0);
  });

  it('paused for 3 days: the reply says until when and gives the first digest after the pause, which is when it comes', async () => {
    t.now = new Date('2026-11-24T10:00:00Z');
    await command('subscribe retrieval at 09:00 tz UTC', 'C_TIMED');
    const id = await idIn('C_TIMED');
    expect((await command('pause retrieval for 3 days', 'C_TIMED')).text).toContain('until Fri Nov 27, 2026, 10:00 UTC');

    const reply = await command('subscribe retrieval at 07:00 tz Europe/Berlin', 'C_TIMED');
    expectValid(reply);
    expect(reply.text).toContain('New schedule saved: every day at 07:00 Europe/Berlin.');
    expect(reply.text).toContain(
      `⏸ Still paused until Fri Nov 27, 2026, 11:00 Europe/Berlin (\`/paper resume #${id}\` resumes it now). First digest after the pause: Sat Nov 28, 07:00 Europe/Berlin.`,
    );
    expect(shown(reply)).not.toMatch(/next digest/i);
    const list = JSON.stringify(await command('list', 'C_TIMED'));
    expect(list).toContain('Next: Sat Nov 28, 07:00 Europe/Berlin');
    expect(list).toContain('⏸ Paused until Fri Nov 27, 2026, 11:00 Europe/Berlin');

    for (const at of ['2026-11-25T06:00:00Z', '2026-11-26T06:00:00Z', '2026-11-27T06:00:00Z', '2026-11-27T10:00:00Z']) await tick(at);
    expect(posts('C_TIMED')).toBe(0);
    await tick('2026-11-28T06:00:00Z');
    expect(posts('C_TIMED')).toBe(1);
  });

  it('paused by its channel (the bot removed): the reply says why and how it comes back, and gives no next digest', async () => {
    t.now = new Date('2026-11-30T08:00:00Z');
    await command('subscribe diffusion at 09:00 tz UTC', 'C_LEFT');
    await send({ type: 'member_left_channel', user: 'UBOT', channel: 'C_LEFT', channel_type: 'C', team: 'T1' });
    await eventually(async () => (await t.app.runtime.store.listSubscriptions('T1', 'C_LEFT'))[0]?.pausedReason === 'not_in_channel');

    const reply = await command('subscribe diffusion weekdays', 'C_LEFT');
    expectValid(reply);
    expect(reply.text).toContain('New schedule saved: every weekday (Mon–Fri) at 09:00 UTC.');
    expect(reply.text).toContain("⏸ Still paused: I'm not in this channel: `/invite @paper`. No digest goes out until it resumes.");
    expect(shown(reply)).not.toMatch(/next digest/i);
  });

  it('the workspace paused (its token refused): changed and new digests say so, and neither the App Home nor /paper list names a next digest', async () => {
    t.now = new Date('2026-12-01T08:00:00Z');
    await command('subscribe mixture of experts at 08:30 tz UTC', 'C_TOKEN');
    slack.answerNext('chat.postMessage', { body: { ok: false, error: 'token_revoked' } });
    await tick('2026-12-01T08:30:00Z');
    expect((await t.app.runtime.store.getWorkspace('T1'))?.pausedReason).toBe('token_revoked');

    t.now = new Date('2026-12-01T09:00:00Z');
    const changed = await command('subscribe mixture of experts at 07:00', 'C_TOKEN');
    expectValid(changed);
    expect(changed.text).toContain('New schedule saved: every day at 07:00 UTC.');
    expect(changed.text).toContain(
      '⏸ Still paused: all digests of this workspace are paused: the app was uninstalled or its token revoked. Reinstalling the app resumes them.',
    );
    expect(shown(changed)).not.toMatch(/next digest/i);

    const created = await command('subscribe state space models', 'C_TOKEN');
    expectValid(created);
    expect(created.text).toContain('✅ Subscribed this channel to *state space models*: every day at 09:00 UTC.');
    expect(created.text).toContain('⏸ Paused: all digests of this workspace are paused');
    expect(shown(created)).not.toMatch(/next digest/i);

    const top = await command('subscribe top', 'C_TOKEN');
    expectValid(top);
    expect(top.text).toContain('⏸ Paused: all digests of this workspace are paused');
    expect(shown(top)).not.toMatch(/first list|next list/i);

    const notPaused = await command('resume mixture of experts', 'C_TOKEN');
    expectValid(notPaused);
    expect(notPaused.text).toMatch(/^mixture of experts \(#\d+\) is not paused itself, but nothing goes out yet: all digests of this workspace are paused: /);
    await command('pause state space models', 'C_TOKEN');
    const resumed = await command('resume state space models', 'C_TOKEN');
    expectValid(resumed);
    expect(resumed.text).toMatch(/^▶️ Resumed state space models \(#\d+\), but nothing goes out yet: all digests of this workspace are paused: .*Reinstalling the app resumes them\.$/);

    expect(JSON.stringify(await command('list', 'C_TOKEN'))).not.toContain('Next:');
    expect(await openHome()).not.toContain('Next:');
    const preview = await command('digest mixture of experts', 'C_TOKEN');
    expectValid(preview);
    expect(JSON.stringify(preview.blocks)).toContain('paused, so nothing goes out until it resumes');
  });
});
