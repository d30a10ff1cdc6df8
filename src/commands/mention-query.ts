/**
 * `/paper <@U123>`, `/paper <#C123|general>` or `/paper <!here>`: Slack's markup for a person, a channel or a special
 * mention, typed where a search goes. Searching it finds nothing useful (a user id, a channel name), so it is answered instead. Pure.
 */
const PERSON = /<@[UW][A-Z0-9]+(?:\|[^<>]*)?>/g;
const CHANNEL = /<#C[A-Z0-9]+(?:\|[^<>]*)?>/g;
/**
 * The other words are quoted whole, to be pasted (so never cut), up to this length once `&` is escaped: the answer
 * stays a few lines, well under what an error answer may hold (views/error.ts cuts it at 1,000 characters).
 */
const QUOTED_MAX = 500;

/** `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^S1|@team>`: Slack's special mentions (they would search "here"). */
const SPECIAL = /<!(?:here|channel|everyone|subteam\^[^<>|]*)(?:\|[^<>]*)?>/gi;

/** `<!here>` → `@here`; `<!subteam^S1|@ml>` → `a user group`. */
function specialName(markup: string): string {
  const body = markup.slice(2, -1).split('|')[0] ?? '';
  return /^subteam/i.test(body) ? 'a user group' : `@${body.toLowerCase()}`;
}

/** The answer for a query holding a person, channel or special (@here) mention, or null when it holds none. */
export function mentionQueryMessage(query: string): string | null {
  const person = query.match(PERSON) !== null;
  const channel = query.match(CHANNEL) !== null;
  const specials = [...new Set((query.match(SPECIAL) ?? []).map(specialName))];
  if (!person && !channel && specials.length === 0) return null;
  const several = specials.length + (person ? 1 : 0) + (channel ? 1 : 0) > 1;
  const what =
    specials.length > 0
      ? several
        ? 'Slack mentions are'
        : `A Slack mention (${specials.join('')}) is`
      : person && channel
        ? 'Mentions of people and channels are'
        : person
          ? 'A mention of a person is'
          : 'A mention of a channel is';
  const lines = [`${what} not searched.`];
  if (person) lines.push('For a person\'s papers, use the author filter with their name as papers write it: `/paper author:"Name"` (or `author:Lastname`).');
  const rest = query.replace(PERSON, ' ').replace(CHANNEL, ' ').replace(SPECIAL, ' ').replace(/\s+/g, ' ').trim();
  if (rest === '') return lines.join(' ');
  // Quoted whole when it can be pasted as it is: not more Slack markup (`<!here>`, a link) nor a backtick, which would
  // end the code span; otherwise said in words.
  const quotable = !/[<>`]/.test(rest) && rest.replaceAll('&', '&amp;').length <= QUOTED_MAX;
  lines.push(quotable ? `To search the other words: \`/paper ${rest}\`` : 'To search the other words, type them after `/paper` without the mention.');
  return lines.join(' ');
}
