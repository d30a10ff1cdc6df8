import type { KnownBlock } from '@slack/types';
import type { Paper } from '../papers/paper.ts';
import type { SearchHit } from '../search/types.ts';
import { BlockId } from './action-ids.ts';
import { LIMITS } from './limits.ts';
import type { Message } from './message.ts';
import { truncate } from './mrkdwn.ts';
import { titleMrkdwn, titleText } from './paper-parts.ts';
import { hitBlocks } from './search-results.ts';

/** JSON size the builder aims under; Slack's ceiling is about 13k (`LIMITS.messageJson`). */
const MESSAGE_BUDGET = 12_000;
const FALLBACK_MAX = 3000;
const FOOTER = 'Ranked by the words that set this paper apart from the rest of the collection.';

function build(paper: Paper, hits: readonly SearchHit[], shown: number): Message {
  const intro = `Papers similar to ${titleMrkdwn(paper)}`;
  const blocks: KnownBlock[] = [{ type: 'section', block_id: BlockId.similarIntro, text: { type: 'mrkdwn', text: intro } }];
  hits.slice(0, shown).forEach((hit, i) => blocks.push(...hitBlocks(hit, i)));
  blocks.push({ type: 'context', block_id: BlockId.similarFooter, elements: [{ type: 'mrkdwn', text: FOOTER }] });
  const lines = [`Papers similar to ${titleText(paper, 300)}`, ...hits.slice(0, shown).map((hit, i) => `${i + 1}. ${titleText(hit.paper)}`)];
  return { text: truncate(lines.join('\n'), FALLBACK_MAX), blocks };
}

function fits(message: Message): boolean {
  return message.blocks.length <= LIMITS.blocksPerMessage && JSON.stringify(message.blocks).length <= MESSAGE_BUDGET;
}

/**
 * The ephemeral answer to "Similar": "Papers similar to <title>", then each similar paper the way search
 * results show one (title link, snippet, metadata, Share / Similar), as many as fit Slack's limits.
 */
export function similarPapersMessage(paper: Paper, hits: readonly SearchHit[]): Message {
  if (hits.length === 0) {
    const line = `No other paper is much like ${titleMrkdwn(paper)} yet.`;
    return {
      text: truncate(`No other paper is much like ${titleText(paper, 300)} yet.`, FALLBACK_MAX),
      blocks: [{ type: 'section', block_id: BlockId.similarEmpty, text: { type: 'mrkdwn', text: line } }],
    };
  }
  // intro + footer + three blocks per paper must fit in 50.
  let shown = Math.min(hits.length, Math.floor((LIMITS.blocksPerMessage - 2) / 3));
  let message = build(paper, hits, shown);
  while (shown > 1 && !fits(message)) {
    shown -= 1;
    message = build(paper, hits, shown);
  }
  return message;
}
