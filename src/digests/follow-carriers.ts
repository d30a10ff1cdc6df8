/** Which of a channel's digests carries its follow section (the papers of the authors it follows). */
import type { Subscription } from '../store/store.ts';

/**
 * The subscriptions whose digests carry their channel's follow section (issue 18): the oldest active one per channel.
 * One per channel, decided the same way by every instance, so a followed paper is never in two of a channel's
 * digests at once; a paused one hands the section to the next.
 */
export function followCarriers(subscriptions: readonly Subscription[]): Set<number> {
  const oldest = new Map<string, number>();
  for (const s of subscriptions) {
    if (s.kind === 'top') continue; // a top list has no follow section
    const channel = `${s.teamId}\u0000${s.channelId}`;
    const held = oldest.get(channel);
    if (held === undefined || s.id < held) oldest.set(channel, s.id);
  }
  return new Set(oldest.values());
}

/**
 * The subscription a channel's followed authors are named with in replies (`/paper follow`, `/paper list`): its oldest
 * active digest that is not a top list, else its oldest such digest even if paused; undefined when it has none.
 */
export function followsCarrier(channelSubscriptions: readonly Subscription[]): Subscription | undefined {
  return channelSubscriptions.find((s) => s.pausedReason === null && s.kind !== 'top') ?? channelSubscriptions.find((s) => s.kind !== 'top');
}
