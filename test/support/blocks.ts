import type { KnownBlock } from '@slack/types';

export interface FoundButton {
  action_id: string;
  value?: string;
}

/** Every button in a message: in actions blocks and as section accessories, in order. */
export function buttonsIn(blocks: readonly KnownBlock[]): FoundButton[] {
  const found: FoundButton[] = [];
  for (const block of blocks) {
    const elements: unknown[] = block.type === 'actions' ? [...block.elements] : block.type === 'section' && block.accessory ? [block.accessory] : [];
    for (const element of elements) {
      const button = element as { type?: string; action_id?: string; value?: string };
      if (button.type === 'button' && button.action_id) found.push({ action_id: button.action_id, value: button.value });
    }
  }
  return found;
}
