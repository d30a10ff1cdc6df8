/**
 * `/paper <@U123>` or `/paper <#C123|general>`: Slack's markup for a person or a channel mention, typed where a search
 * goes. Searching it finds nothing useful (a user id, a channel name), so it is answered instead. Pure.
 */
const PERSON = /<@[UW][A-Z0-9]+(?:\|[^<>]*)?>/g;
const CHANNEL = /<#C[A-Z0-9]+(?:\|[^<>]*)?>/g;
/**
 * The other words are quoted whole, to be pasted (so never cut), up to this length once `&` is escaped: the answer
 * stays a few lines, well under what an error answer may hold (views/error.ts cuts it at 1,000 characters).
 */
const QUOTED_MAX = 500;

/** The answer for a query holding a person or channel mention, or null when it holds none. */
export function mentionQueryMessage(query: string): string | null {
  const person = query.match(PERSON) !== null;
  const channel = query.match(CHANNEL) !== null;
  if (!person && !channel) return null;
  const what = person && channel ? 'Mentions of people and channels are' : person ? 'A mention of a person is' : 'A mention of a channel is';
  const lines = [`${what} not searched.`];
  if (person) lines.push('For a person\'s papers, use the author filter with their name as papers write it: `/paper author:"Name"` (or `author:Lastname`).');
  const rest = query.replace(PERSON, ' ').replace(CHANNEL, ' ').replace(/\s+/g, ' ').trim();
  if (rest === '') return lines.join(' ');
  // Quoted whole when it can be pasted as it is: not more Slack markup (`<!here>`, a link) nor a backtick, which would
  // end the code span; otherwise said in words.
  const quotable = !/[<>`]/.test(rest) && rest.replaceAll('&', '&amp;').length <= QUOTED_MAX;
  lines.push(quotable ? `To search the other words: \`/paper ${rest}\`` : 'To search the other words, type them after `/paper` without the mention.');
  return lines.join(' ');
}
