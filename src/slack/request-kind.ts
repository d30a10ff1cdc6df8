/**
 * What kind of Slack request a body is, for a log line: `command /paper`, `block_actions paper_save`,
 * `view_submission <callback_id>`, `shortcut <callback_id>`, `event link_shared`. Only Slack's identifiers, and only
 * when they look like identifiers: never the text a person typed, a URL, a value or a token.
 */
export function requestKind(body: unknown): string {
  const command = field(body, 'command');
  if (command !== undefined) return `command ${name(command)}`;
  const type = field(body, 'type');
  if (type === 'event_callback') return `event ${name(field(field(body, 'event'), 'type'))}`;
  if (type === 'block_actions') {
    const actions = field(body, 'actions');
    const first: unknown = Array.isArray(actions) ? actions[0] : undefined;
    return `block_actions ${name(field(first, 'action_id'))}`;
  }
  if (type === 'view_submission' || type === 'view_closed') return `${type} ${name(field(field(body, 'view'), 'callback_id'))}`;
  if (type === 'shortcut' || type === 'message_action') return `${type} ${name(field(body, 'callback_id'))}`;
  if (typeof type === 'string' && IDENTIFIER.test(type)) return type;
  return 'unknown request';
}

const IDENTIFIER = /^\/?[A-Za-z0-9_.:-]{1,80}$/;

function name(value: unknown): string {
  return typeof value === 'string' && IDENTIFIER.test(value) ? value : '(unnamed)';
}

function field(body: unknown, key: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
}
