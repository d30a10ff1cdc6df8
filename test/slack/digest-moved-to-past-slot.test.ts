/**
 * Moving a digest onto a slot already past (another day of the week, an earlier time) through the real HTTP receiver:
 * the change does not make that slot due, so nothing goes out at once through the 12-hour catch-up meant for downtime;
 * the reply and `/paper list` name the next slot to come, and that is when it comes. A real catch-up after downtime
 * still sends the digest a schedule said before the bot went down.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ClockedApp } from '../support/clocked-app.ts';
import { FakeSlack, openChannels } from '../support/fake-slack.ts';
import { tempSqliteUrl } from '../support/test-app.ts';

describe('a digest moved onto a slot already past', () => {
  const t = new ClockedApp('2026-11-25T08:00:00Z'); // a Wednesday
  const { command, tick } = t;
  let slack: FakeSlack | undefined;
  const posts = (channel = 'C_RESEARCH'): number => slack?.callsTo('chat.postMessage').filter((call) => call.params.channel === channel).length ?? 0;

  afterAll(async () => {
    await t.stop();
  });

  it('a Wednesday digest made `every thursday` on Thursday after its time: next Thursday, nothing sent now', async () => {
    slack = await new FakeSlack().start();
    openChannels(slack);
    await t.start({ databaseUrl: tempSqliteUrl(), slack });
    expect((await command('subscribe sparse attention every wednesday at 09:00 tz UTC')).text).toMatch(/Next digest: Wed Nov 25, 09:00 UTC/);
    await tick('2026-11-25T09:00:00Z');
    expect(posts()).toBe(1);

    t.now = new Date('2026-11-26T10:00:00Z');
    const moved = await command('subscribe sparse attention every thursday');
    expect(moved.text).toMatch(/Updated: every Thursday at 09:00 UTC; next digest Thu Dec 3, 09:00 UTC/);
    expect(JSON.stringify(await command('list'))).toMatch(/Next: Thu Dec 3, 09:00 UTC/);
    await tick('2026-11-26T10:01:00Z');
    await tick('2026-11-26T21:00:00Z');
    expect(posts()).toBe(1);
    await tick('2026-12-03T09:00:00Z');
    expect(posts()).toBe(2);
  });

  it('a weekly digest moved to a time already past on its day: next week, nothing sent now', async () => {
    t.now = new Date('2026-12-03T10:00:00Z'); // Thursday
    expect((await command('subscribe graph neural networks every thursday at 12:00')).text).toMatch(/Next digest: Thu Dec 3, 12:00 UTC/);
    t.now = new Date('2026-12-03T11:00:00Z');
    expect((await command('subscribe graph neural networks at 10:30')).text).toMatch(/next digest Thu Dec 10, 10:30 UTC/);
    const before = posts();
    await tick('2026-12-03T11:01:00Z');
    expect(posts()).toBe(before);
    expect(JSON.stringify(await command('list'))).toMatch(/Next: Thu Dec 10, 10:30 UTC/);
  });

  it('daily and weekdays moved to a time earlier today, before today\u2019s went out: tomorrow, nothing sent now', async () => {
    t.now = new Date('2026-12-04T07:00:00Z'); // Friday
    await command('subscribe mixture of experts daily at 12:00');
    await command('subscribe speculative decoding weekdays at 12:00');
    t.now = new Date('2026-12-04T11:30:00Z');
    expect((await command('subscribe mixture of experts at 11:15')).text).toMatch(/next digest Sat Dec 5, 11:15 UTC/);
    // Weekdays: the next weekday after Friday is Monday.
    expect((await command('subscribe speculative decoding at 11:00')).text).toMatch(/next digest Mon Dec 7, 11:00 UTC/);
    const before = posts();
    await tick('2026-12-04T11:31:00Z');
    expect(posts()).toBe(before);
    const list = JSON.stringify(await command('list'));
    expect(list).toMatch(/Next: Sat Dec 5, 11:15 UTC/);
    expect(list).toMatch(/Next: Mon Dec 7, 11:00 UTC/);
    await tick('2026-12-05T11:15:00Z');
    expect(posts()).toBe(before + 1);
  });

  it('moved to a later time before the bot went down: that digest still goes out when it comes back within 12 hours', async () => {
    t.now = new Date('2026-12-06T06:00:00Z'); // Sunday
    await command('subscribe retrieval augmented generation daily at 07:00', 'C_DOWN');
    t.now = new Date('2026-12-06T06:30:00Z');
    expect((await command('subscribe retrieval augmented generation at 08:00', 'C_DOWN')).text).toMatch(/next digest Sun Dec 6, 08:00 UTC/);
    // Down from 07:55 to 12:00: the 08:00 digest is sent on the first tick back.
    await tick('2026-12-06T12:00:00Z');
    expect(posts('C_DOWN')).toBe(1);
    expect(JSON.stringify(await command('list', 'C_DOWN'))).toMatch(/Next: Mon Dec 7, 08:00 UTC/);
  });
});
