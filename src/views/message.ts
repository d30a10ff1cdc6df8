import type { KnownBlock } from '@slack/types';

/** What every view builder returns: blocks plus the plain-text fallback Slack wants beside them. */
export interface Message {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Where an answer is shown: whether that surface has the app's Home tab (Slack does; the local console does not).
 * Answers point to the Home tab (its Resume, Mark read and Remove buttons) only where there is one; each surface says
 * which it is where it wires its services (src/app.ts, src/main.ts).
 */
export interface AnswerSurface {
  homeTab: boolean;
}
