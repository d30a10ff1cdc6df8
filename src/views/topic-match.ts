/**
 * How many papers a digest's topic matches, said the way a digest takes them: a topic of plain words takes the papers
 * with every word of it ("33 papers have every word of *sparse attention*"), which a search of the same words (any
 * word, best first) outnumbers. A phrase, an exclusion or a filter is more than words: papers "match" it. Pure.
 */
import { n } from './subscription-parts.ts';

/** A phrase (`"…"`), a filter (`has:code`) or a `-word` / `+word`: the topic is more than words. */
export function topicIsWordsOnly(topic: string): boolean {
  return !/["\u201c\u201d:]|(?:^|\s)[-+]/.test(topic);
}

/** "33 papers have every word of *topic*", "1 paper matches *topic*", "No paper has every word of *topic*". */
export function topicMatchText(count: number, topic: string, shown: string): string {
  const words = topicIsWordsOnly(topic);
  const subject = count === 0 ? 'No paper' : count === 1 ? '1 paper' : `${n(count)} papers`;
  const verb = words ? (count === 1 || count === 0 ? 'has every word of' : 'have every word of') : count === 1 || count === 0 ? 'matches' : 'match';
  return `${subject} ${verb} *${shown}*`;
}
