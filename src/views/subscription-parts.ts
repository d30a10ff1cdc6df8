/**
 * What the subscription answers share (subscribe, `/paper list`, reset, pause reasons): ids and counts as text, the
 * example papers' titles in one line, section and context blocks, and the lengths they cut at. Pure.
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import { mrkdwnText } from './mrkdwn.ts';

/** Our own formatted strings (schedules, times) are short; cut anyway in case they are not. */
export const SHORT_MAX = 120;
export const REASON_MAX = 200;
export const FALLBACK_MAX = 3000;

export const n = (value: number): string => value.toLocaleString('en-US');
export const idText = (id: number): string => (Number.isSafeInteger(id) ? String(id) : '?');

export const section = (id: string, text: string): SectionBlock => ({ type: 'section', block_id: id, text: { type: 'mrkdwn', text } });
export const context = (id: string, text: string): KnownBlock => ({ type: 'context', block_id: id, elements: [{ type: 'mrkdwn', text }] });

/** Example titles named in one line, and how long each may be. */
const EXAMPLES_NAMED = 3;
const EXAMPLE_TITLE_MAX = 80;

/** Example titles as one escaped line: “A”, “B” and 2 more. */
export function exampleTitlesMrkdwn(titles: readonly string[], named = EXAMPLES_NAMED): string {
  const shown = titles.slice(0, named).map((title) => `\u201c${mrkdwnText(title, EXAMPLE_TITLE_MAX) || 'untitled'}\u201d`);
  const more = titles.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${n(more)} more` : ''}`;
}
