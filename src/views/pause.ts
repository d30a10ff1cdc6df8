/** The answers to `/paper pause` and `/paper resume` (ephemeral). Pure. */
import { BlockId } from './action-ids.ts';
import { searchCode, topicCode, topicMrkdwn } from './digest.ts';
import type { AnswerSurface, Message } from './message.ts';
import { mrkdwnText, truncate } from './mrkdwn.ts';
import { workspacePausedText } from './pause-reasons.ts';

export type PauseAction = 'pause' | 'resume';

export interface PausedDigest {
  id: number;
  /** Its topic, or what a feed without words is called. */
  name: string;
  paused: boolean;
}

/** Digests named in one answer; more are counted. */
const DIGESTS_NAMED = 10;
const FALLBACK_MAX = 3000;

const idText = (id: number): string => (Number.isSafeInteger(id) ? String(id) : '?');
const named = (digest: Pick<PausedDigest, 'id' | 'name'>): string => `*${topicMrkdwn(digest.name, 100)}* (#${idText(digest.id)})`;

function reply(blockId: string, text: string): Message {
  return { text: truncate(text.replace(/\*/g, ''), FALLBACK_MAX), blocks: [{ type: 'section', block_id: blockId, text: { type: 'mrkdwn', text: truncate(text, FALLBACK_MAX) } }] };
}

const RESUME_HINT = (id: number): string => `\`/paper resume #${idText(id)}\``;

/** `surface`: where the answer is shown; the App Home's Resume is named only where there is one (absent: not named). */
export function pausedMessage(digest: Pick<PausedDigest, 'id' | 'name'>, surface?: AnswerSurface): Message {
  const orClick = surface?.homeTab ? ' (or clicks Resume in the App Home)' : '';
  return reply(
    BlockId.pauseDone,
    `\u23F8 Paused ${named(digest)} in this channel: no digest goes out for it until someone types ${RESUME_HINT(digest.id)}${orClick}. Nothing is lost: papers it already sent won't come again.`,
  );
}

export function alreadyPausedMessage(digest: Pick<PausedDigest, 'id' | 'name'>): Message {
  return reply(BlockId.pauseDone, `${named(digest)} is already paused. ${RESUME_HINT(digest.id)} starts it again.`);
}

/**
 * `nextRunText`: "Tue Mar 3, 09:00 Europe/Berlin". `workspacePausedReason`: the whole workspace is paused (uninstalled,
 * token revoked), so no digest goes out whatever this one's state: said instead of a next digest.
 */
export function resumedMessage(digest: Pick<PausedDigest, 'id' | 'name'>, nextRunText: string, workspacePausedReason: string | null = null): Message {
  if (workspacePausedReason) return reply(BlockId.pauseDone, `\u25B6\uFE0F Resumed ${named(digest)}, but nothing goes out yet: ${workspacePausedText(workspacePausedReason)}`);
  return reply(BlockId.pauseDone, `\u25B6\uFE0F Resumed ${named(digest)}. Next digest: ${mrkdwnText(nextRunText, 120) || 'soon'}.`);
}

export function notPausedMessage(digest: Pick<PausedDigest, 'id' | 'name'>, nextRunText: string, workspacePausedReason: string | null = null): Message {
  if (workspacePausedReason) return reply(BlockId.pauseDone, `${named(digest)} is not paused itself, but nothing goes out yet: ${workspacePausedText(workspacePausedReason)}`);
  return reply(BlockId.pauseDone, `${named(digest)} is not paused: next digest ${mrkdwnText(nextRunText, 120) || 'soon'}.`);
}

/** `/paper pause X for 3 days`: paused until `untilText` ("Thu Dec 24, 2026, 00:00 Europe/Berlin"). */
export function pausedUntilMessage(digest: Pick<PausedDigest, 'id' | 'name'>, untilText: string): Message {
  return reply(
    BlockId.pauseDone,
    `\u23F8 Paused ${named(digest)} until ${mrkdwnText(untilText, 120)}: it resumes by itself then, or earlier when someone types ${RESUME_HINT(digest.id)}. Nothing is lost: papers it already sent won't come again.`,
  );
}

/** Why a pause's end was refused (digests' `PauseEnd` failure, restated so views import nothing from digests). */
export interface PauseEndRefusal {
  why: 'unknown' | 'too_long' | 'past';
  /** The end as typed: `for 3 hours`, `until 2020-01-01`. */
  typed: string;
}

/** `/paper pause X for 3 hours`: an end we cannot keep; nothing is paused and the answer says which ends work. */
export function timedPauseRefusedMessage(refusal: PauseEndRefusal, digest: Pick<PausedDigest, 'id' | 'name'>): Message {
  const typed = `\`${topicCode(refusal.typed, 60)}\``;
  const day = /\d{4}-\d{2}-\d{2}/.exec(refusal.typed)?.[0];
  const problem =
    refusal.why === 'too_long'
      ? `${typed} is too long: a timed pause lasts at most a year.`
      : refusal.why === 'past' && day !== undefined
        ? `${day} has already begun where this digest is scheduled: give a later day.`
        : `${typed} is not a pause I can keep.`;
  return reply(
    BlockId.pauseTarget,
    `${problem} Nothing was paused.\n` +
      `Pause *${topicMrkdwn(digest.name, 100)}* for whole days or weeks, or until a date: \`for 3 days\`, \`for 2 weeks\` or \`until 2026-12-24\` ` +
      `(\`/paper pause #${idText(digest.id)} for 3 days\`). Without an end, \`/paper pause #${idText(digest.id)}\` pauses it until someone types ${RESUME_HINT(digest.id)}.`,
  );
}

export interface PauseTargetInput {
  action: PauseAction;
  /** The words typed after `pause` / `resume` ('' for none). */
  words: string;
  /** The same words as a `/paper` search (null: no words). */
  searchInstead: string | null;
  /** The channel's digests. */
  digests: readonly PausedDigest[];
}

/**
 * `/paper pause|resume` whose words name none of the channel's digests (or no words): nothing changes; the answer
 * lists the digests, how to name one, and how to search for the words instead (they were not searched for).
 */
export function pauseTargetMessage(input: PauseTargetInput): Message {
  const { action, digests } = input;
  const words = input.words.trim();
  const done = action === 'pause' ? 'paused' : 'resumed';
  const lines: string[] = [];
  // Resume is about the paused ones: name one of them in the example.
  const example = (action === 'resume' ? digests.find((d) => d.paused) : undefined) ?? digests[0];
  if (words === '') {
    lines.push(
      example
        ? `Tell me which digest to ${action}: \`/paper ${action} #${idText(example.id)}\` or \`/paper ${action} ${topicCode(example.name, 100)}\`.`
        : `This channel has no digests to ${action}. \`/paper subscribe &lt;topic&gt;\` starts one.`,
    );
  } else if (digests.length === 0) {
    lines.push(`This channel has no digests, so nothing was ${done}. \`/paper subscribe &lt;topic&gt;\` starts one.`);
  } else {
    lines.push(`This channel has no digest called *${topicMrkdwn(words, 100)}*, so nothing was ${done}.`);
  }
  if (example) {
    const listed = digests.slice(0, DIGESTS_NAMED).map((d) => `#${idText(d.id)} ${topicMrkdwn(d.name, 100)}${d.paused ? ' (paused)' : ''}`);
    if (digests.length > DIGESTS_NAMED) listed.push(`and ${digests.length - DIGESTS_NAMED} more (\`/paper list\`)`);
    lines.push(`Its digests: ${listed.join(', ')}.${words === '' ? '' : ` \`/paper ${action} #${idText(example.id)}\` ${action}s one.`}`);
  }
  if (words !== '' && input.searchInstead !== null) {
    lines.push(`To search for papers with these words instead: \`/paper ${searchCode(input.searchInstead, 220)}\` (word order does not change a search).`);
  }
  return reply(BlockId.pauseTarget, lines.join('\n'));
}
