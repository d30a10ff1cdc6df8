import type { Button } from '@slack/types';
import { ActionId } from './action-ids.ts';
import { LIMITS } from './limits.ts';

/**
 * "Similar" for one paper (value: its id), or null when the id cannot be a button value. Every paper of a message
 * carries one, each in its own block: Slack wants action_ids unique within a block, as with Share.
 */
export function similarButton(paperId: string): Button | null {
  if (paperId === '' || paperId.length > LIMITS.buttonValue) return null;
  return { type: 'button', action_id: ActionId.similar, text: { type: 'plain_text', text: 'Similar' }, value: paperId };
}
