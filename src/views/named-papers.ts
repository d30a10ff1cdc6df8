import type { KnownBlock } from '@slack/types';
import type { Paper } from '../papers/paper.ts';
import { BlockId } from './action-ids.ts';
import type { Message } from './message.ts';
import { escapeMrkdwn, truncate } from './mrkdwn.ts';
import { titleText } from './paper-parts.ts';
import { hitBlocks } from './search-results.ts';

/** A paper `/paper <arXiv id>` named and can't show. */
export interface MissingPaper {
  arxivId: string;
  reason: 'withdrawn' | 'not_found' | 'lookup_failed';
}

const FALLBACK_MAX = 3000;

function missingLine({ arxivId, reason }: MissingPaper): string {
  const id = escapeMrkdwn(arxivId);
  switch (reason) {
    case 'withdrawn':
      return `arXiv ${id} was withdrawn, so I don't show it.`;
    case 'not_found':
      return `I couldn't find arXiv ${id}: it isn't among my papers, and neither Hugging Face nor arXiv knows it (or it was withdrawn). Check the id.`;
    case 'lookup_failed':
      return `I couldn't look up arXiv ${id} just now: Hugging Face or arXiv did not answer. Try again in a minute.`;
  }
}

/**
 * The answer to `/paper <arXiv id|link> …`: each paper the way a search result shows one (title link, summary or
 * the abstract's start, metadata, Share / Similar / Save / 👍 / 👎), then a line for each one that can't be shown.
 */
export function namedPapersMessage(papers: readonly Paper[], missing: readonly MissingPaper[]): Message {
  const snippet = { text: '', highlights: [], truncatedStart: false, truncatedEnd: false };
  const blocks: KnownBlock[] = papers.flatMap((paper, i) => hitBlocks({ paper, score: 0, snippet }, i));
  if (missing.length > 0) {
    blocks.push({ type: 'section', block_id: BlockId.namedMissing, text: { type: 'mrkdwn', text: missing.map(missingLine).join('\n') } });
  }
  const lines = [...papers.map((paper) => titleText(paper, 300)), ...missing.map((m) => missingLine(m))];
  return { text: truncate(lines.join('\n'), FALLBACK_MAX), blocks };
}
