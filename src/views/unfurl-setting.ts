import type { ContextBlock, SectionBlock } from '@slack/types';
import { BlockId } from './action-ids.ts';
import type { Message } from './message.ts';

const WHAT = 'Links to arXiv, Hugging Face and alphaXiv papers';
/** WHAT inside a sentence: only its first letter lowered, so arXiv and alphaXiv keep their spelling. */
const what = `l${WHAT.slice(1)}`;

/** One line for `/paper list`: whether paper links unfold here, and how to change it. */
export function unfurlStatusLine(enabled: boolean): string {
  return enabled
    ? `${WHAT} unfold into a card in this channel \u00B7 \`/paper unfurl off\` stops that`
    : `${WHAT} don't unfold in this channel \u00B7 \`/paper unfurl on\` turns it back on`;
}

export function unfurlStatusBlock(enabled: boolean): ContextBlock {
  return { type: 'context', block_id: BlockId.subscriptionsUnfurl, elements: [{ type: 'mrkdwn', text: unfurlStatusLine(enabled) }] };
}

/** The reply to `/paper unfurl on|off` (`changed`) or `/paper unfurl` (what it is now). */
export function unfurlSettingMessage(enabled: boolean, changed: boolean): Message {
  const text = changed
    ? enabled
      ? `Done: ${what} pasted in this channel unfold into a card again (the same paper at most once in 30 minutes, at most 3 per message).`
      : `Done: ${what} pasted in this channel no longer unfold. \`/paper unfurl on\` turns it back on.`
    : unfurlStatusLine(enabled);
  const section: SectionBlock = { type: 'section', block_id: BlockId.unfurlSetting, text: { type: 'mrkdwn', text } };
  return { text, blocks: [section] };
}
