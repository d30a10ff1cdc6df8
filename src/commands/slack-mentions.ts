/**
 * Slack's markup for mentions in command text (`<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^S1|@team>`,
 * `<@U123>`, `<#C123|general>`): Slack sends it for @here, @someone or #channel typed in a message. As topic words
 * they would match papers saying "here" or "channel", or nothing, so a topic holding one is refused. Pure.
 */

const MENTION = /<([!@#])([^<>|\s]*)(?:\|[^<>]*)?>/g;

export interface TopicMentions {
  /** What was mentioned, as people read it: `@here`, `a person`, `a channel`… (distinct, in order). */
  named: string[];
  /** A person was mentioned: their papers are a follow, not a topic. */
  person: boolean;
  /** The other words, whitespace collapsed ('' when there are none). */
  rest: string;
}

function nameOf(sigil: string, body: string): string {
  if (sigil === '@') return 'a person';
  if (sigil === '#') return 'a channel';
  const special = /^(here|channel|everyone)$/i.exec(body)?.[1];
  if (special !== undefined) return `@${special.toLowerCase()}`;
  return body.toLowerCase().startsWith('subteam') ? 'a user group' : 'a Slack special mention';
}

/** The Slack mentions in a topic, or null when it holds none. */
export function topicMentions(topic: string): TopicMentions | null {
  const named: string[] = [];
  let person = false;
  for (const match of topic.matchAll(MENTION)) {
    const sigil = match[1] ?? '';
    const name = nameOf(sigil, match[2] ?? '');
    if (!named.includes(name)) named.push(name);
    if (sigil === '@') person = true;
  }
  if (named.length === 0) return null;
  return { named, person, rest: topic.replace(MENTION, ' ').replace(/\s+/g, ' ').trim() };
}

/** "@here", "@here and a person", "@here, a person and a channel". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}
