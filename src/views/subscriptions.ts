/**
 * The replies to `/paper subscribe` and `/paper unsubscribe` (and which digest a command meant). Pure. The other
 * subscription answers have their own modules: `/paper list` (subscription-list.ts), reset (reset-answers.ts), why a
 * digest is paused (pause-reasons.ts).
 */
import { BlockId } from './action-ids.ts';
import type { AnswerSurface, Message } from './message.ts';
import { cleanText, escapeMrkdwn, mrkdwnText, truncate } from './mrkdwn.ts';
import { searchCode, topicMrkdwn } from './digest.ts';
import { errorMessage } from './error.ts';
import { topicMatchText } from './topic-match.ts';
import { commandLineBlock } from './command-line.ts';
import { stillPausedText, type DigestPause } from './pause-reasons.ts';
import { context, exampleTitlesMrkdwn, FALLBACK_MAX, idText, n, section, SHORT_MAX } from './subscription-parts.ts';


/** Topics named in "Its digests: …". */
const TOPICS_NAMED = 20;

const LIST_HINT = "`/paper list` shows this channel's digests \u00B7 `/paper unsubscribe &lt;topic&gt;` stops one";

// ---- Subscribe ----

export interface SubscribedInput {
  topic: string;
  /** A new subscription (false: the channel already followed the topic). */
  created: boolean;
  /** For an existing subscription: whether the schedule was changed. */
  changed: boolean;
  /** "every day at 09:00 UTC" */
  scheduleText: string;
  /** "Tue Mar 3, 09:00 UTC"; while paused, the first digest after a timed pause, or null when not known. */
  nextRunText: string | null;
  /** Why nothing goes out for now (it is paused), or absent/null when it runs. */
  pause?: DigestPause | null;
  /** Papers matching the topic right now, the subscription's example papers left out (a digest never sends them). */
  matchingNow: number;
  /** The subscription has example papers (left out of `matchingNow`): the answer says "besides the example papers". */
  besidesExamples?: boolean;
  subscriptionId: number;
  /** Example papers (issue 16): the titles this call added, how many the subscription has now, and whether it has no words. */
  examples?: { added: readonly string[]; total: number; wordless: boolean };
  /** Where the answer is shown: a paused digest's line names the App Home's Resume only where there is one (absent: not named). */
  surface?: AnswerSurface;
}

function examplesLine(examples: NonNullable<SubscribedInput['examples']>): string {
  const count = examples.added.length;
  const all = examples.total === count ? '' : ` (${n(examples.total)} in all)`;
  if (count === 0) return `It already had these example papers${all}.`;
  return `${count === 1 ? 'Example paper' : `${n(count)} example papers`} added${all}: ${exampleTitlesMrkdwn(examples.added)}.`;
}

/** The reply to `/paper subscribe`: what was set up (or updated), when the next digest goes out, and whether papers match. */
export function subscribedMessage(input: SubscribedInput): Message {
  const topic = topicMrkdwn(input.topic);
  const schedule = mrkdwnText(input.scheduleText, SHORT_MAX) || 'on schedule';
  const next = mrkdwnText(input.nextRunText ?? '', SHORT_MAX) || 'soon';
  const id = `(subscription #${idText(input.subscriptionId)})`;
  const pause = input.pause ?? null;
  let main: string;
  if (pause) {
    // Paused: no "Next digest" a reader would take for the digest being back on.
    if (input.created) main = `\u2705 Subscribed this channel to *${topic}*: ${schedule}. ${id}`;
    else if (input.changed) main = `This channel is already subscribed to *${topic}*. New schedule saved: ${schedule}. ${id}`;
    else main = `This channel is already subscribed to *${topic}* (${schedule}). ${id}`;
    main += `\n${stillPausedText(pause, input.subscriptionId, input.nextRunText, { still: !input.created, surface: input.surface })}`;
  } else if (input.created) main = `\u2705 Subscribed this channel to *${topic}*: ${schedule}. Next digest: ${next}. ${id}`;
  else if (input.changed) main = `This channel is already subscribed to *${topic}*. Updated: ${schedule}; next digest ${next}. ${id}`;
  else main = `This channel is already subscribed to *${topic}* (${schedule}). Next digest: ${next}. ${id}`;

  const examples = input.examples;
  const matching = examples?.wordless
    ? `${examplesLine(examples)}\nEach digest brings new papers like these.`
    : `${examples ? `${examplesLine(examples)}\n` : ''}${matchingLine(input, topic)}`;

  return {
    text: truncate(`${main}\n${matching}`, FALLBACK_MAX),
    blocks: [section(BlockId.subscribed, `${main}\n${matching}`), context(BlockId.subscribedHint, LIST_HINT)],
  };
}

function matchingLine(input: SubscribedInput, topic: string): string {
  const besides = input.besidesExamples ? 'besides the example papers' : '';
  // A digest takes the papers with every word of its topic: fewer than a search of the words finds.
  const matching = topicMatchText(input.matchingNow, input.topic, topic);
  return input.matchingNow > 0
      ? `${matching} today${besides ? `, ${besides}` : ''}.`
      : `:warning: ${matching} today${besides ? ` ${besides}` : ''}. I'll keep looking, and the digest will post when papers do. Try \`/paper ${searchCode(input.topic)}\` to check the wording.`;
}

/** `/paper subscribe` to a new topic in a channel that has as many digests as it may. */
export function channelFullMessage(count: number): Message {
  return errorMessage(`This channel already has ${count} digests, the most it can have. Unsubscribe from one first (\`/paper list\` shows them).`);
}

// ---- Unsubscribe ----

/**
 * The reply to `/paper unsubscribe` (or the Unsubscribe button) once a digest is stopped. `topList`: it was a top list
 * (its topic, null for all papers), named as `/paper list` names one.
 */
export function unsubscribedMessage(topic: string, id: number, again: string, topList?: { topic: string | null }): Message {
  const command = escapeMrkdwn(cleanText(again)).replace(/`/g, '\u02CB');
  const what =
    topList === undefined
      ? `*${topicMrkdwn(topic)}*`
      : `the \uD83D\uDD25 top list${topList.topic === null ? '' : ` for *${topicMrkdwn(topList.topic)}*`}`;
  const done = `Unsubscribed this channel from ${what} (#${idText(id)}). Papers it already got won't be sent again if you subscribe later.`;
  const text = `${done}\nTo start it again as it was: \`${command}\``;
  // The command as typed (a backtick in the topic too), in rich text: the fallback's code span can't hold a backtick.
  return { text, blocks: [section(BlockId.unsubscribed, done), commandLineBlock(BlockId.restoreCommand, 'To start it again as it was: ', again)] };
}

/** `/paper unsubscribe <target>` when the channel has no such digest: says which digests it does have. */
export function notSubscribedMessage(target: string, digests: ReadonlyArray<{ id: number; name: string }>): Message {
  if (digests.length === 0) {
    // Which digest was named does not matter: there is none to stop.
    const none = 'This channel has no digests, so there is nothing to unsubscribe from. `/paper subscribe &lt;topic&gt;` starts one.';
    return { text: none, blocks: [section(BlockId.notSubscribed, none)] };
  }
  const id = /^#?(\d{1,10})$/.exec(target.trim())?.[1];
  // A feed of papers like its examples arrives as its key (`like:2502.11089,2509.00001`): named as typed, and how to name it.
  const feed = /^like:(.*)$/s.exec(target.trim())?.[1];
  const line =
    feed !== undefined
      ? `This channel has no digest of papers like exactly *${topicMrkdwn(feed.split(',').join(' '))}*. A digest of papers like its examples goes by all of its papers (in any order) or by its #id.`
      : id !== undefined
        ? `This channel has no digest #${id}.`
        : /^top$/i.test(target.trim())
          ? // A top list on a topic is `top <topic>`: `top` alone names the one of all papers.
            'This channel has no \uD83D\uDD25 top list of all papers (one without a topic).'
          : `This channel has no digest for *${topicMrkdwn(target)}*.`;
  const text = `${line}\nIts digests: ${digestNames(digests)}`;
  return { text, blocks: [section(BlockId.notSubscribed, text)] };
}

/** `/paper digest` alone in a channel with several digests: which one to preview. */
export function whichDigestMessage(digests: ReadonlyArray<{ id: number; name: string }>): Message {
  const text = `Which digest? This channel has ${digestNames(digests)}. \`/paper digest #id\` (or its topic) previews one; \`/paper digest &lt;any topic&gt;\` previews a topic it doesn't get yet.`;
  return { text, blocks: [section(BlockId.notSubscribed, text)] };
}

function digestNames(digests: ReadonlyArray<{ id: number; name: string }>): string {
  const named = digests.slice(0, TOPICS_NAMED).map((digest) => `#${idText(digest.id)} ${topicMrkdwn(digest.name, 100)}`);
  if (digests.length > TOPICS_NAMED) named.push(`and ${n(digests.length - TOPICS_NAMED)} more`);
  return named.join(', ');
}
