import type { Button } from '@slack/types';
import { ActionId } from './action-ids.ts';
import { LIMITS } from './limits.ts';

/** "Save" for one paper (value: its id), or null when the id cannot be a button value. One per block, like Similar. */
export function saveButton(paperId: string): Button | null {
  if (paperId === '' || paperId.length > LIMITS.buttonValue) return null;
  return { type: 'button', action_id: ActionId.save, text: { type: 'plain_text', text: 'Save' }, value: paperId };
}
