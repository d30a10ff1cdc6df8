/** The replies to `/paper reset <topic>` and `/paper reset ratings`, and the App Home's notice of a reset. Pure. */
import type { KnownBlock } from '@slack/types';
import { BlockId } from './action-ids.ts';
import { commandLineBlock } from './command-line.ts';
import type { Message } from './message.ts';
import { cleanText, escapeMrkdwn, mrkdwnText, truncate } from './mrkdwn.ts';
import { ratingsText } from './rating-count.ts';
import { UNTAGGED_SOURCES } from './subscription-list.ts';
import { exampleTitlesMrkdwn, FALLBACK_MAX, n, section } from './subscription-parts.ts';

export interface ResetDoneInput {
  /** The subscription's name (its topic, or "papers like …"). */
  name: string;
  subscriptionId: number;
  examplesCleared: number;
  /** A feed without words keeps its examples. */
  examplesKept: number;
  ratingsCleared: number;
}

/** What a reset forgot, in plain words (the App Home notice; escaped where shown). */
export function resetNoticeText(input: ResetDoneInput): string {
  const forgot: string[] = [];
  if (input.examplesCleared > 0) forgot.push(input.examplesCleared === 1 ? '1 example paper' : `${n(input.examplesCleared)} example papers`);
  if (input.ratingsCleared > 0) forgot.push(ratingsText(input.ratingsCleared));
  // A feed without words keeps its examples (said below): only ratings could have been forgotten.
  const what =
    forgot.length > 0
      ? `forgot ${forgot.join(' and ')}`
      : input.examplesKept > 0
        ? 'nothing to forget: no ratings from its digests shaped it'
        : 'nothing to forget: no example papers or ratings shaped it';
  const kept =
    input.examplesKept > 0
      ? ` Its ${input.examplesKept === 1 ? 'example paper stays: it is' : `${n(input.examplesKept)} example papers stay: they are`} what this feed follows (unsubscribe to stop it).`
      : forgot.length > 0
        ? ' Its digests follow the topic alone again.'
        : '';
  // A name holding quotes (a phrase, `"linear attention" -vision`) is shown as it is, not in a second pair.
  const name = input.name.includes('"') ? input.name : `"${input.name}"`;
  return `Reset ${name}: ${what}.${kept}`;
}

/**
 * The reply to `/paper reset <topic>`: what was forgotten, the example papers by title with the `/paper subscribe …
 * like …` that adds them back (`forgotten.restore`), and that ratings can't be brought back.
 */
export function resetDoneMessage(input: ResetDoneInput, forgotten?: { titles: readonly string[]; restore: string | null }): Message {
  const lines = [mrkdwnText(resetNoticeText(input), FALLBACK_MAX)];
  const titles = forgotten?.titles ?? [];
  const lead = `To add ${titles.length === 1 ? 'it' : 'them'} back: `;
  const restore = titles.length > 0 && forgotten?.restore ? forgotten.restore : null;
  if (titles.length > 0) lines.push(`Forgotten example paper${titles.length === 1 ? '' : 's'}: ${exampleTitlesMrkdwn(titles, titles.length)}.`);
  if (input.ratingsCleared > 0) lines.push(`The ${ratingsText(input.ratingsCleared)} can't be brought back.`);
  const shown = truncate(lines.join('\n'), FALLBACK_MAX);
  // The fallback's code span can't hold a backtick (a look-alike there); the blocks give the command as typed (command-line.ts).
  const text = restore === null ? shown : truncate(`${shown}\n${lead}\`${escapeMrkdwn(cleanText(restore)).replace(/`/g, '\u02CB')}\``, FALLBACK_MAX);
  const blocks: KnownBlock[] = [section(BlockId.resetDone, `\u21BA ${shown}`)];
  if (restore !== null) blocks.push(commandLineBlock(BlockId.restoreCommand, lead, restore));
  return { text, blocks };
}

/** The reply to `/paper reset ratings`: how many of the channel's ratings given outside digests were forgotten. */
export function channelRatingsResetMessage(cleared: number): Message {
  const text =
    cleared > 0
      ? `Forgot ${ratingsText(cleared)} given in this channel outside digests (${UNTAGGED_SOURCES}). ` +
        "Its digests no longer learn from them, and papers they rated may be offered again unless the channel already got them. Ratings clicked on a digest stay: `/paper reset &lt;topic&gt;` forgets a subscription's."
      : "This channel has no ratings given outside digests: nothing to forget. Ratings clicked on a digest belong to its subscription: `/paper reset &lt;topic&gt;` forgets those, `/paper list` shows how many each has.";
  return { text, blocks: [section(BlockId.resetDone, `\u21BA ${text}`)] };
}
