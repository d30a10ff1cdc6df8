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

/**
 * The private answer to `/paper` or a button from a workspace whose installation the app cannot use (OAuth mode:
 * never installed through /slack/install, uninstalled, or stored under another encryption key).
 */
export function reinstallNeededMessage(): Message {
  return errorMessage(
    'Paper Digest cannot work in this workspace right now: it has to be installed again in this workspace. ' +
      "Ask a workspace admin to install it again (from the app's `/slack/install` page); your channels' digests and settings are kept.",
  );
}
