import type { KnownBlock } from '@slack/types';

export interface FoundButton {
  action_id: string;
  value?: string;
  /** The confirm dialog, when the button asks first. */
  confirm?: { title: { text: string }; text: { text: string }; confirm: { text: string }; deny: { text: string } };
}

/** Every button in a message: in actions blocks and as section accessories, in order. */
export function buttonsIn(blocks: readonly KnownBlock[]): FoundButton[] {
  const found: FoundButton[] = [];
  for (const block of blocks) {
    const elements: unknown[] = block.type === 'actions' ? [...block.elements] : block.type === 'section' && block.accessory ? [block.accessory] : [];
    for (const element of elements) {
      const button = element as { type?: string; action_id?: string; value?: string; confirm?: FoundButton['confirm'] };
      if (button.type !== 'button' || !button.action_id) continue;
      found.push({ action_id: button.action_id, value: button.value, ...(button.confirm ? { confirm: button.confirm } : {}) });
    }
  }
  return found;
}
