/**
 * Whether a topic (subscribe, digest, top) can ever match a paper: not too long, its search filters readable
 * (`since:yesterday` is refused with the search's notice saying how to write it), some word to look for. Pure.
 */
import { excludedFilterQueries, parseQuery } from '../search/query.ts';
import { echo, invalid, type InvalidCommand, type Subcommand } from './invalid-command.ts';
import { listNames, topicMentions } from './slack-mentions.ts';

export const MAX_TOPIC_LENGTH = 200;

/**
 * `narrowsList`: the topic filters a list that exists without it (a top list), so only negated filters
 * (`-has:code`) are a topic too: the list without those papers.
 */
export function topicProblem(topic: string, subcommand: Subcommand, narrowsList = false): InvalidCommand | null {
  const length = [...topic].length;
  if (length > MAX_TOPIC_LENGTH) {
    return invalid(
      `That topic is ${length} characters long; keep it to ${MAX_TOPIC_LENGTH} or fewer, a few keywords work best.`,
      subcommand,
    );
  }
  // A filter the search cannot read (`since:yesterday`) is refused now, not found to match nothing at 9 a.m.
  const parsed = parseQuery(topic);
  if (parsed.status === 'bad-filter' && parsed.notice !== null) return invalid(parsed.notice, subcommand);
  const mentions = mentionProblem(topic, subcommand, narrowsList);
  if (mentions !== null) return mentions;
  if (narrowsList && excludedFilterQueries(topic) !== null) return null;
  // Nothing to look for (only `-word`s, emoji, "the"): the search answers it with nothing, ever.
  const never = ['no-words', 'stop-words-only', 'exclusions-only'].includes(parsed.status) ? parsed.notice : null;
  if (never !== null) return invalid(`"${echo(topic)}" can never match a paper: ${never}`, subcommand);
  return null;
}

/** A topic holding Slack mentions (`<!here>`, `<@U123>`, `<#C123|x>`): refused, with the command without them. */
function mentionProblem(topic: string, subcommand: Subcommand, narrowsList: boolean): InvalidCommand | null {
  const mentions = topicMentions(topic);
  if (mentions === null) return null;
  const command = `/paper ${subcommand === 'subscribe' && narrowsList ? 'subscribe top' : subcommand}`;
  const several = mentions.named.length > 1;
  const lines = [`That topic holds ${several ? 'Slack mentions' : 'a Slack mention'} (${listNames(mentions.named)}), not words papers use.`];
  const { rest } = mentions;
  const pasteable = rest !== '' && !/[<>`]/.test(rest) && [...rest].length <= MAX_TOPIC_LENGTH;
  if (pasteable) lines.push(`Without ${several ? 'them' : 'it'}: \`${command} ${rest}\`.`);
  else lines.push(`Type the words to look for instead, like \`${command} sparse attention\`.`);
  if (mentions.person) lines.push('For a person\'s new papers, follow their name as papers write it: `/paper follow "Tri Dao"`.');
  return invalid(lines.join(' '), subcommand);
}
