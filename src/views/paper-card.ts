import type { KnownBlock, SectionBlock } from '@slack/types';
import type { Paper } from '../papers/paper.ts';
import { BlockId } from './action-ids.ts';
import type { Message } from './message.ts';
import { mrkdwnText } from './mrkdwn.ts';
import { paperContextBlock, summaryMrkdwn, titleMrkdwn, titleText } from './paper-parts.ts';
import { paperActionsBlock } from './rating-buttons.ts';

/** How much of the abstract stands in for a missing one-line summary. */
const ABSTRACT_LINE_MAX = 200;

/** The abstract's first sentence (or start), for a paper without a summary. */
function abstractLine(paper: Paper): string {
  const first = /^(.{40,}?[.!?])\s/s.exec(paper.abstract)?.[1] ?? paper.abstract;
  return mrkdwnText(first, ABSTRACT_LINE_MAX, { wordBoundary: true });
}

/**
 * The compact card an unfolded paper link shows (chat.unfurl, one per link): the title linked, a one-line summary
 * (Hugging Face's, else the abstract's first sentence), first authors · date · ▲ upvotes and the code link, and
 * the paper's buttons (👍, 👎, Save, Similar). Block ids are fixed: each card is its own attachment.
 */
export function paperCardMessage(paper: Paper): Message {
  const title = titleMrkdwn(paper);
  const line = summaryMrkdwn(paper) || abstractLine(paper);
  const section: SectionBlock = { type: 'section', block_id: BlockId.unfurlPaper, text: { type: 'mrkdwn', text: line ? `${title}\n${line}` : title } };
  const blocks: KnownBlock[] = [section];
  const context = paperContextBlock(paper, BlockId.unfurlMeta);
  if (context) blocks.push(context);
  const actions = paperActionsBlock(paper.id, BlockId.unfurlActions);
  if (actions) blocks.push(actions);
  return { text: titleText(paper, 300), blocks };
}
