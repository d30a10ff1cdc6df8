import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { z } from 'zod';
import { ActionId, BlockId, type RatingButtonValue } from './action-ids.ts';
import { LIMITS } from './limits.ts';
import type { Message } from './message.ts';
import { mrkdwnText } from './mrkdwn.ts';
import { saveButton } from './save-button.ts';
import { similarButton } from './similar-button.ts';

/** 👍 (1: more like this) or 👎 (-1: not for us); the store's `RatingValue`, restated so views need no store import. */
export type Vote = 1 | -1;

const MAX_DB_ID = 2_147_483_647;

const ratingValueSchema = z.object({
  p: z.string().trim().min(1).max(LIMITS.buttonValue),
  s: z.number().int().positive().max(MAX_DB_ID).optional(),
});

/** A 👍 / 👎 / Undo button's value: JSON `RatingButtonValue` (`s` only in a digest or its preview). */
export function ratingButtonValue(paperId: string, subscriptionId: number | null = null): string {
  const value: RatingButtonValue = subscriptionId === null ? { p: paperId } : { p: paperId, s: subscriptionId };
  return JSON.stringify(value);
}

/** The value back from a click, checked; null when it is not one this app sent (malformed, edited, truncated). */
export function parseRatingButtonValue(value: string | undefined): { paperId: string; subscriptionId: number | null } | null {
  let json: unknown;
  try {
    json = JSON.parse(value ?? '');
  } catch {
    return null;
  }
  const parsed = ratingValueSchema.safeParse(json);
  if (!parsed.success) return null;
  return { paperId: parsed.data.p, subscriptionId: parsed.data.s ?? null };
}

function fitsValue(paperId: string, subscriptionId: number | null): string | null {
  if (paperId.trim() === '') return null;
  const value = ratingButtonValue(paperId, subscriptionId);
  return value.length <= LIMITS.buttonValue ? value : null;
}

/** [👍 More like this] [👎 Not for us] for one paper; empty when its id cannot fit a button value. */
export function ratingButtons(paperId: string, subscriptionId: number | null = null): Button[] {
  const value = fitsValue(paperId, subscriptionId);
  if (value === null) return [];
  return [
    { type: 'button', action_id: ActionId.rateUp, text: { type: 'plain_text', text: '\uD83D\uDC4D More like this' }, value },
    { type: 'button', action_id: ActionId.rateDown, text: { type: 'plain_text', text: '\uD83D\uDC4E Not for us' }, value },
  ];
}

/**
 * The row under a paper of a digest, its preview, a shared paper or a link card: [👍] [👎] [Save] [Similar]. Null when
 * the id fits no button. One row per paper, so action ids repeat only across blocks (what Slack allows).
 */
export function paperActionsBlock(paperId: string, blockId: string, subscriptionId: number | null = null): ActionsBlock | null {
  const elements = [...ratingButtons(paperId, subscriptionId), saveButton(paperId), similarButton(paperId)].filter((b) => b !== null);
  return elements.length > 0 ? { type: 'actions', block_id: blockId, elements } : null;
}

/** How a vote (or its undo) went, for the person who clicked. */
export type RatingOutcome =
  | { kind: 'rated'; vote: Vote; previous: Vote | null }
  | { kind: 'undone' }
  | { kind: 'nothing_to_undo' };

export interface RatingOutcomeInput {
  outcome: RatingOutcome;
  /** The paper's title (escaped here); null when the paper is no longer known. */
  title: string | null;
  channelId: string;
  paperId: string;
  subscriptionId: number | null;
  /** One more line for the context (e.g. the digest's subscription was removed). Plain text, escaped here. */
  note?: string | null;
}

/** `<#C123>` for a Slack channel id, "this channel" for anything else. */
function channelMention(channelId: string): string {
  return /^[CG][A-Z0-9]{2,30}$/.test(channelId) ? `<#${channelId}>` : 'this channel';
}

const EFFECT: Record<Vote, string> = {
  1: 'the next digests and searches favour papers like',
  [-1]: 'the next digests and searches play down papers like',
};
const ICON: Record<Vote, string> = { 1: '\uD83D\uDC4D', [-1]: '\uD83D\uDC4E' };

function ratedLine(vote: Vote, previous: Vote | null, where: string, title: string): string {
  const effect = `${EFFECT[vote]} *${title}*.`;
  if (previous === vote) return `${ICON[vote]} Already noted for ${where}: ${effect}`;
  if (previous !== null) return `${ICON[vote]} Changed your vote to ${ICON[vote]} for ${where}: ${effect}`;
  return `${ICON[vote]} Noted for ${where}: ${effect}`;
}

/** The hint under a vote's answer, and under an undo's: what the buttons do (the console says what to type instead). */
export const RATED_HINT = 'Only you see this. One vote per person and paper here: press the other button to change it, Undo to take it back.';
export const NOTHING_TO_UNDO_HINT = 'Only you see this.';
export const UNDONE_HINT = 'Only you see this. Press \uD83D\uDC4D or \uD83D\uDC4E under the paper to vote again.';

/**
 * The ephemeral answer to 👍 / 👎 (with Undo) or to Undo. Each person has one vote per paper in a channel, so the
 * other button changes it and Undo removes it.
 */
export function ratingOutcomeMessage(input: RatingOutcomeInput): Message {
  const title = (input.title === null ? '' : mrkdwnText(input.title, 200)) || 'this paper';
  const where = channelMention(input.channelId);
  const { outcome } = input;
  let line: string;
  let hint: string;
  if (outcome.kind === 'rated') {
    line = ratedLine(outcome.vote, outcome.previous, where, title);
    hint = RATED_HINT;
  } else if (outcome.kind === 'undone') {
    line = `\u21A9\uFE0F Undone: your vote on *${title}* no longer counts for ${where}.`;
    hint = UNDONE_HINT;
  } else {
    line = `You have no vote on *${title}* in ${where} to undo: nothing changed.`;
    hint = NOTHING_TO_UNDO_HINT;
  }
  const note = input.note ? mrkdwnText(input.note, 300) : '';
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: BlockId.ratingNotice, text: { type: 'mrkdwn', text: line } },
    { type: 'context', block_id: BlockId.ratingHint, elements: [{ type: 'mrkdwn', text: note ? `${note} ${hint}` : hint }] },
  ];
  const value = outcome.kind === 'rated' ? fitsValue(input.paperId, input.subscriptionId) : null;
  if (value !== null) {
    blocks.push({
      type: 'actions',
      block_id: BlockId.ratingActions,
      elements: [{ type: 'button', action_id: ActionId.rateUndo, text: { type: 'plain_text', text: 'Undo', emoji: true }, value }],
    });
  }
  return { text: line.replace(/\*/g, ''), blocks };
}
