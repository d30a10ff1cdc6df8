/**
 * A command to paste (`/paper subscribe "a`b" …`, the one that starts a stopped digest again), in a `rich_text` block
 * as inline code. Rich text shows its text as it is: no mrkdwn, so a backtick, `*`, `_`, `&` or `<!channel>` in a
 * topic stays the character typed (a mrkdwn code span can't hold a backtick), and nothing in it becomes a mention or
 * a link. A copy pastes exactly the command. Pure.
 */
import type { RichTextBlock } from '@slack/types';
import { cleanText } from './mrkdwn.ts';

/** `lead` (plain text) then `command` as inline code, in one rich_text block. */
export function commandLineBlock(blockId: string, lead: string, command: string): RichTextBlock {
  return {
    type: 'rich_text',
    block_id: blockId,
    elements: [
      {
        type: 'rich_text_section',
        elements: [
          { type: 'text', text: lead },
          { type: 'text', text: cleanText(command).replace(/\s+/g, ' ').trim(), style: { code: true } },
        ],
      },
    ],
  };
}
