import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { KnownBlock } from '@slack/types';
import { postSigned, slashCommandBody } from './signed-request.ts';
import { SIGNING_SECRET, type RunningTestApp } from './test-app.ts';

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

let commands = 0;

/**
 * `/paper <text>` signed and POSTed through the app's real receiver; the ack's body (the reply), after a 200.
 * Team and user default to the signed request's T1 and U1.
 */
export async function paperCommand(
  app: RunningTestApp,
  fields: { text: string; channel: string; team?: string; user?: string; channelName?: string },
): Promise<SlackReply> {
  commands += 1;
  const body = slashCommandBody({
    text: fields.text,
    team_id: fields.team ?? 'T1',
    channel_id: fields.channel,
    user_id: fields.user ?? 'U1',
    ...(fields.channelName !== undefined ? { channel_name: fields.channelName } : {}),
    response_url: app.slack.responseUrl(`cmd-${commands}`),
  });
  const res = await postSigned(app.eventsUrl, body, SIGNING_SECRET);
  if (res.status !== 200) throw new Error(`/paper ${fields.text}: HTTP ${res.status}`);
  return (await res.json()) as SlackReply;
}

let clicks = 0;

/**
 * A button clicked in a (non-ephemeral) message of `channel`: the fixture click as Slack sends it, its action swapped
 * for ours, signed and POSTed through the app's real receiver; the answer it sent the clicker on the response_url
 * (checked to be ephemeral).
 */
export async function clickInChannel(
  app: RunningTestApp,
  click: { team: string; channel: string; user: string; actionId: string; value: string; blockId?: string },
): Promise<SlackReply> {
  clicks += 1;
  const before = app.slack.callsTo('response_url').length;
  const { response_url: _url, channel: _channel, container: _container, ...rest } = BLOCK_ACTIONS_FIXTURE;
  const payload = {
    ...rest,
    team: { id: click.team },
    user: { id: click.user },
    channel: { id: click.channel },
    container: { type: 'message', message_ts: '1700000000.000001', channel_id: click.channel, is_ephemeral: false },
    response_url: app.slack.responseUrl(`channel-click-${clicks}`),
    actions: [
      { action_id: click.actionId, block_id: click.blockId ?? 'paper_actions:0', text: { type: 'plain_text', text: 'x' }, value: click.value, type: 'button', action_ts: '1.1' },
    ],
  };
  const res = await postSigned(app.eventsUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), SIGNING_SECRET);
  if (res.status !== 200) throw new Error(`click ${click.actionId}: HTTP ${res.status}`);
  const reply = (await app.slack.waitFor('response_url', before + 1)).at(-1)?.params as SlackReply;
  if (reply.response_type !== 'ephemeral') throw new Error(`click ${click.actionId}: answered ${String(reply.response_type)}, not ephemeral`);
  return reply;
}
