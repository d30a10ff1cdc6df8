import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KnownBlock } from '@slack/types';

/** What the app posts to a `response_url` (or answers in an ack), as the tests read it. */
export interface SlackReply {
  response_type?: string;
  replace_original?: boolean;
  text?: string;
  blocks?: KnownBlock[];
}

/** A real `block_actions` payload from Slack's SDK tests: the base every button click in the tests is made from. */
export const BLOCK_ACTIONS_FIXTURE = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../../shared/fixtures/slack-payloads/bolt-python/block_actions.normal_message.json'), 'utf8'),
) as Record<string, unknown>;
