import type { BufferedIncomingMessage, ReceiverUnhandledRequestHandlerArgs } from '@slack/bolt';
import type { Logger } from '../logger.ts';
import { requestTeam } from './unauthorized-request.ts';

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

/** A request's body from its raw bytes as Slack sent it: JSON (events), or a form (commands; `payload=` clicks). */
export function parseRawBody(raw: Buffer | undefined, contentType: string | undefined): unknown {
  if (!raw || raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    if (contentType?.includes('application/json')) return JSON.parse(text);
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    return payload === null ? Object.fromEntries(form) : JSON.parse(payload);
  } catch {
    return undefined;
  }
}

/**
 * The HTTP receiver's `unhandledRequestHandler`: a request no listener acknowledged within Slack's 3 s. Bolt's own
 * line ("An incoming event was not acknowledged within 3 seconds") does not say which request that was.
 */
export function unacknowledgedRequestHandler(logger: Logger): (args: ReceiverUnhandledRequestHandlerArgs) => void {
  return ({ request, response }) => {
    const body = parseRawBody((request as Partial<BufferedIncomingMessage>).rawBody, request.headers['content-type']);
    const team = requestTeam(body);
    logger.error(`request not acknowledged within 3 s by any listener (${requestKind(body)}${team ? `, workspace ${team}` : ''})`);
    if (!response.headersSent) {
      response.writeHead(404);
      response.end();
    }
  };
}
