/**
 * Why a paper is in a digest, said in a few words on its metadata line: it matches the topic, and/or it is like a
 * paper the channel liked or gave as an example (what the learned ranking found it by). Escaped, cut to fit.
 */
import { mrkdwnText } from './mrkdwn.ts';

export type DigestReason =
  /** It holds the topic's words. */
  | { kind: 'topic'; topic: string }
  /** Close to a paper the channel liked (`topic` null: it came in without the topic's words). */
  | { kind: 'liked'; title: string; topic: string | null }
  /** Close to one of the subscription's example papers (`topic` null: a feed of examples, or off the words). */
  | { kind: 'example'; title: string; topic: string | null };

/** How much of a topic and of a title a reason quotes. */
const TOPIC_MAX = 60;
const TITLE_MAX = 80;

/** The reason as one line of mrkdwn ("matches *sparse attention*", "like *SeerAttention*, which you liked"). */
export function reasonMrkdwn(reason: DigestReason): string {
  const matches = (topic: string): string => `matches *${mrkdwnText(topic, TOPIC_MAX) || 'the topic'}*`;
  if (reason.kind === 'topic') return matches(reason.topic);
  const title = mrkdwnText(reason.title, TITLE_MAX) || 'a paper';
  const like = reason.kind === 'liked' ? `like *${title}*, which you liked` : `like *${title}*, one of your examples`;
  return reason.topic === null ? like : `${matches(reason.topic)}, ${like}`;
}
