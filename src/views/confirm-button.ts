import type { Button } from '@slack/types';

export interface ConfirmedButton {
  actionId: string;
  label: string;
  value: string;
  /** The dialog's title (Slack: at most 100 characters) and question (at most 300). */
  title: string;
  question: string;
  confirm: string;
  deny: string;
  danger?: boolean;
}

/** A button that asks first: Slack shows the confirm dialog, and only "confirm" sends the action. */
export function confirmedButton(button: ConfirmedButton): Button {
  return {
    type: 'button',
    action_id: button.actionId,
    text: { type: 'plain_text', text: button.label, emoji: true },
    value: button.value,
    confirm: {
      title: { type: 'plain_text', text: button.title },
      text: { type: 'plain_text', text: button.question },
      confirm: { type: 'plain_text', text: button.confirm },
      deny: { type: 'plain_text', text: button.deny },
      ...(button.danger ? { style: 'danger' as const } : {}),
    },
  };
}
