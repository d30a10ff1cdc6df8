import type { KnownBlock } from '@slack/types';

/** What every view builder returns: blocks plus the plain-text fallback Slack wants beside them. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}
