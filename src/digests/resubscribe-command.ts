/**
 * The `/paper subscribe …` that starts a stopped digest again as it was: topic, example papers, time, zone and
 * cadence. The unsubscribe answer offers it, so a digest stopped by mistake is one paste away. Pure.
 */
import type { Subscription } from '../store/store.ts';
import type { SubscriptionExample } from '../store/example-records.ts';
import { topListTopic } from './top-papers.ts';

/** Quoted, so words the grammar reads as options (`… at`, `… weekly`, `top …`) stay the topic; filters keep their own quotes. */
const topicWords = (topic: string): string => (topic.includes('"') ? topic : `"${topic}"`);

export function resubscribeCommand(subscription: Subscription, examples: readonly SubscriptionExample[]): string {
  const parts = ['/paper subscribe'];
  if (subscription.kind === 'top') {
    parts.push('top');
    const topic = topListTopic(subscription.topic);
    if (topic !== null) parts.push(topicWords(topic));
  } else if (subscription.topic.trim() !== '') {
    parts.push(topicWords(subscription.topic));
  }
  const ids = examples.flatMap((example) => (example.arxivId === null ? [] : [example.arxivId]));
  if (ids.length > 0) parts.push('like', ...ids);
  parts.push('at', subscription.time, 'tz', subscription.timezone, subscription.cadence);
  return parts.join(' ');
}
