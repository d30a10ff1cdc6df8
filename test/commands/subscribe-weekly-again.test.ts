/**
 * Subscribing again to a topic the channel has, without naming a day: a weekly digest keeps the day it goes out on,
 * whatever else changes (a digest made before `subscriptions.weekday` existed, moved to another zone, too), and a daily
 * digest made weekly goes out on the weekday that is said, as `weekly` on a new subscription does. Through
 * runPaperCommand on a real SQLite store, with the clock set.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_WHERE, usePaperCommandRuntime } from '../support/paper-command-harness.ts';

describe('/paper subscribe again without a day', () => {
  let now = new Date('2026-11-25T10:00:00Z');
  const { paper, runtime } = usePaperCommandRuntime({ clock: () => now });

  it('a weekly digest from before the day was stored keeps its day when it moves to another zone', async () => {
    // Made at 00:30 on Monday Nov 30 in Tokyo (still Sunday in UTC), weekly, with no stored day (as before 0023).
    now = new Date('2026-11-29T15:30:00Z');
    const { subscription } = await runtime().store.upsertSubscription({
      ...COMMAND_WHERE,
      createdBy: COMMAND_WHERE.userId,
      topic: 'sparse attention',
      time: '09:00',
      timezone: 'Asia/Tokyo',
      cadence: 'weekly',
      now,
    });
    expect(subscription.weekday).toBeNull();
    expect(await paper('list')).toContain('every Monday at 09:00 Asia/Tokyo');
    now = new Date('2026-12-02T10:00:00Z');
    const moved = await paper('subscribe sparse attention tz Europe/Berlin');
    expect(moved).toContain('Updated: every Monday at 09:00 Europe/Berlin; next digest Mon Dec 7, 09:00 Europe/Berlin');
    expect(await paper('subscribe sparse attention weekly at 08:00')).toContain('Updated: every Monday at 08:00 Europe/Berlin');
  });

  it('a daily digest made weekly goes out on the weekday it is said; `weekly` alone later keeps that day', async () => {
    now = new Date('2026-11-25T10:00:00Z'); // Wednesday
    expect(await paper('subscribe kv cache')).toContain('every day at 09:00 UTC');
    now = new Date('2026-11-27T08:00:00Z'); // Friday
    expect(await paper('subscribe kv cache weekly')).toContain('Updated: every Friday at 09:00 UTC; next digest Fri Nov 27, 09:00 UTC');
    now = new Date('2026-11-28T10:00:00Z'); // Saturday
    expect(await paper('subscribe kv cache weekly')).toContain('already subscribed to kv cache (every Friday at 09:00 UTC)');
    expect(await paper('subscribe kv cache weekly at 07:00 tz Asia/Tokyo')).toContain('Updated: every Friday at 07:00 Asia/Tokyo');
  });
});
