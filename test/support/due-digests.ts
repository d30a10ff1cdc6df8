import { openStore, type Subscription } from '../../src/store/index.ts';

/**
 * One 'sparse attention' daily digest per channel in workspace T1, due at the last whole minute before a minute ago
 * (so a scheduler started now runs them at once); returns them and the digest date.
 */
export async function digestsDueAMinuteAgo(
  databaseUrl: string,
  channelIds: readonly string[],
): Promise<{ subscriptions: Subscription[]; digestDate: string }> {
  const due = new Date(Date.now() - 60_000);
  due.setUTCSeconds(0, 0);
  const store = await openStore(databaseUrl);
  const subscriptions: Subscription[] = [];
  try {
    for (const channelId of channelIds) {
      const { subscription } = await store.upsertSubscription({
        teamId: 'T1',
        channelId,
        topic: 'sparse attention',
        createdBy: 'U1',
        time: due.toISOString().slice(11, 16),
        timezone: 'UTC',
        cadence: 'daily',
        now: new Date(due.getTime() - 60 * 60_000),
      });
      subscriptions.push(subscription);
    }
  } finally {
    await store.close();
  }
  return { subscriptions, digestDate: due.toISOString().slice(0, 10) };
}
