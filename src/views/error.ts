import { BlockId } from './action-ids.ts';
import type { Message } from './message.ts';
import { cleanText, escapeMrkdwn, truncate } from './mrkdwn.ts';

const ERROR_MAX = 1000;
const FALLBACK = 'Something went wrong. Please try again in a moment.';

/**
 * A friendly ephemeral error. The text may carry mrkdwn (backticks), but `&`, `<`, `>` are escaped and
 * anything that looks like a stack trace (`    at fn (file:1:2)` lines) is dropped.
 */
export function errorMessage(text: string): Message {
  const lines = cleanText(text)
    .split('\n')
    .filter((line) => !/^\s*at\s+\S/.test(line))
    .join('\n')
    .trim();
  const body = truncate(escapeMrkdwn(lines || FALLBACK), ERROR_MAX, { wordBoundary: true });
  return {
    text: body,
    blocks: [{ type: 'section', block_id: BlockId.error, text: { type: 'mrkdwn', text: `:warning: ${body}` } }],
  };
}
