import type { KnownBlock } from '@slack/types';
import { ActionId, BlockId } from './action-ids.ts';

/**
 * What a digest says in place of its Unsubscribe button once someone pressed it; `userId` null: it had been stopped
 * before (another copy's button, a command), so no one is named as having stopped it now.
 */
export function digestStoppedLine(userId: string | null): string {
  const tail = '`/paper list` shows what the channel still gets.';
  if (userId === null) return `\uD83D\uDED1 This digest is no longer sent. ${tail}`;
  // A user id as Slack sends it (U…/W…); anything else is not put in a mention.
  const who = /^[UW][A-Z0-9]{1,20}$/.test(userId) ? `<@${userId}> pressed Unsubscribe` : 'Unsubscribe was pressed';
  return `\uD83D\uDED1 ${who}: this digest is stopped. ${tail}`;
}

function isBlock(value: unknown): value is { type: string; block_id?: unknown; elements?: unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function holdsUnsubscribe(block: { type: string; elements?: unknown }): boolean {
  return (
    block.type === 'actions' &&
    Array.isArray(block.elements) &&
    block.elements.some((element: unknown) => typeof element === 'object' && element !== null && (element as { action_id?: unknown }).action_id === ActionId.unsubscribe)
  );
}

/**
 * The blocks of a posted digest or top list (as Slack sends them back with a click) with its Unsubscribe button
 * replaced by a line saying the digest was stopped and by whom, so the channel sees it and no stale button stays.
 * Null when they are not such a message (no Unsubscribe button among them).
 */
export function stoppedDigestBlocks(blocks: unknown, userId: string | null): KnownBlock[] | null {
  if (!Array.isArray(blocks) || !blocks.every(isBlock)) return null;
  const at = blocks.findIndex(holdsUnsubscribe);
  if (at < 0) return null;
  const line: KnownBlock = { type: 'context', block_id: BlockId.digestStopped, elements: [{ type: 'mrkdwn', text: digestStoppedLine(userId) }] };
  // Slack's own copy of blocks this app built: handed back as they came.
  return [...(blocks.slice(0, at) as KnownBlock[]), line, ...(blocks.slice(at + 1) as KnownBlock[])];
}
