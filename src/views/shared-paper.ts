import type { KnownBlock } from '@slack/types';
import type { Paper } from '../papers/paper.ts';
import { BlockId } from './action-ids.ts';
import type { Message } from './message.ts';
import { mrkdwnText } from './mrkdwn.ts';
import { paperActionsBlock } from './rating-buttons.ts';
import { paperContextBlock, summaryMrkdwn, titleMrkdwn, titleText } from './paper-parts.ts';

/** About how much of the abstract a shared paper shows. */
const ABSTRACT_MAX = 500;
/** Slack user ids (`U…`, or `W…` on Enterprise Grid); anything else is not put into a mention. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{1,30}$/;

/** The mention for a Slack user id, or null when the id does not look like one. */
export function userMention(userId: string): string | null {
  return SLACK_USER_ID.test(userId) ? `<@${userId}>` : null;
}

/** An in-channel post of one paper: who shared it, the title link, an abstract excerpt, the metadata line, its buttons (👍 👎 Save Similar). */
export function sharedPaperMessage(paper: Paper, sharedByUserId: string): Message {
  const mention = userMention(sharedByUserId);
  const intro = mention ? `${mention} shared a paper` : 'A paper was shared';
  const abstract = mrkdwnText(paper.abstract, ABSTRACT_MAX, { wordBoundary: true }) || '_No abstract available._';
  const summary = summaryMrkdwn(paper);
  const blocks: KnownBlock[] = [
    { type: 'section', block_id: BlockId.sharedBy, text: { type: 'mrkdwn', text: intro } },
    { type: 'section', block_id: BlockId.sharedPaper, text: { type: 'mrkdwn', text: summary ? `${titleMrkdwn(paper)}\n${summary}\n${abstract}` : `${titleMrkdwn(paper)}\n${abstract}` } },
  ];
  const context = paperContextBlock(paper, BlockId.sharedMeta);
  if (context) blocks.push(context);
  const actions = paperActionsBlock(paper.id, BlockId.sharedActions);
  if (actions) blocks.push(actions);
  return { text: `${intro}: ${titleText(paper, 300)}`, blocks };
}

/** The answer to a second Share of the same paper within the minute (a double click): nothing was posted again. */
export function alreadySharedMessage(paper: Paper): Message {
  const text = `You already shared *${titleText(paper, 300)}* here a moment ago, so it was not posted again.`;
  return { text: text.replace(/\*/g, ''), blocks: [{ type: 'section', block_id: BlockId.sharedAlready, text: { type: 'mrkdwn', text } }] };
}
