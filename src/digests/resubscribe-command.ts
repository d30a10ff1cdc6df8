/**
 * The `/paper subscribe …` that starts a stopped digest again as it was: topic, example papers, time, zone and
 * cadence (a weekly one's day: `every monday`). The unsubscribe answer offers it, so a digest stopped by mistake is one paste away. Pure.
 */
import type { Subscription } from '../store/store.ts';
import type { SubscriptionExample } from '../store/example-records.ts';
import { scheduleFromRecord, WEEKDAY_NAMES } from './schedule.ts';
import { topListTopic } from './top-papers.ts';

const QUOTE_MARK = /["\u201c\u201d\u201e]/;
const QUOTE_MARKS = /["\u201c\u201d\u201e]/g;

/**
 * The topic in quotes, so words the grammar reads as options (`… at`, `… weekly`, `top …`, `like 2502.11089`) stay
 * the topic. A topic holding quote marks (a phrase, `"linear attention" -vision`, or a filter's value,
 * `author:"Tri Dao"`) can't sit inside one pair: what is written in quotes is left as it is, and every other word is
 * quoted alone (quoted together, words would become a phrase; one quoted word is just that word).
 */
function topicWords(topic: string): string {
  if (!QUOTE_MARK.test(topic)) return `"${topic}"`;
  let inside = false;
  return topic
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => {
      const marks = (word.match(QUOTE_MARKS) ?? []).length;
      const asWritten = inside || marks > 0;
      if (marks % 2 === 1) inside = !inside;
      return asWritten ? word : `"${word}"`;
    })
    .join(' ');
}

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
  parts.push('at', subscription.time, 'tz', subscription.timezone);
  // A weekly digest names its day, so it comes back on that day, not on the weekday the command is pasted.
  const { weekday } = scheduleFromRecord(subscription);
  const day = weekday === undefined ? undefined : WEEKDAY_NAMES[weekday];
  parts.push(subscription.cadence === 'weekly' && day !== undefined ? `every ${day.toLowerCase()}` : subscription.cadence);
  return parts.join(' ');
}
