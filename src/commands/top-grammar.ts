/**
 * `/paper top [week|month] [topic]`: the words after `top` to the period and topic. Pure.
 *
 * The period comes first (`week`/`weekly`, `month`/`monthly`, also `this week`, `last month`; default week; a count
 * like `top 10` is an error, see top-period.ts), then an optional topic: `top sparse attention` is this week's top
 * on that topic. A period we don't keep (`day`, `year`, `all`…) is an error, not a topic word; quote it to mean the
 * word (`top "day" trading`). The topic reads as a search reads it: a quoted run of words stays a phrase, even alone
 * (`top "linear attention" -vision`).
 */
import type { TopPeriod } from '../digests/top-papers.ts';
import { joinTokens, type Word } from './command-words.ts';
import { echo, invalid, type InvalidCommand } from './invalid-command.ts';
import { topicProblem } from './topic-check.ts';
import { isCount, NO_COUNT, periodLeadIn, periodOf, UNKEPT_PERIODS } from './top-period.ts';

export type TopCommand = { kind: 'top'; period: TopPeriod; topic: string | null };

export function parseTop(tokens: Word[]): TopCommand | InvalidCommand {
  let period: TopPeriod = 'week';
  tokens.splice(0, periodLeadIn(tokens)); // `this week`, `last month`: the period
  const first = tokens[0];
  if (first && !first.quoted) {
    const given = periodOf(first.text);
    if (given !== null) {
      period = given;
      tokens.shift();
      const second = tokens[0];
      if (second && !second.quoted && (periodOf(second.text) !== null || UNKEPT_PERIODS.has(second.text.toLowerCase()))) {
        return invalid('Give one period: `week` or `month`.', 'top');
      }
    } else if (UNKEPT_PERIODS.has(first.text.toLowerCase())) {
      return invalid(
        `I keep top lists for the week or the month, not "${echo(first.text)}". To mean the word, quote it: \`/paper top "${echo(first.text)}"\`.`,
        'top',
      );
    }
  }
  if (isCount(tokens[0])) return invalid(NO_COUNT, 'top');
  const topic = joinTokens(tokens, { phrases: 'all' });
  if (topic === '') return { kind: 'top', period, topic: null };
  return topicProblem(topic, 'top', true) ?? { kind: 'top', period, topic };
}
