/**
 * The bot scopes the app asks for, at OAuth install and in manifest.json (test/slack/manifest.test.ts checks
 * that both agree, and that each scope is needed by a Web API method the code calls or an event it handles):
 *
 * - `commands`: the `/paper` slash command.
 * - `chat:write`: digests, Share.
 * - `chat:write.public`: post digests in public channels without joining them first.
 * - `channels:read`, `groups:read`: `conversations.info` at subscribe time, `users.conversations` for the App
 *   Home, and the channel/member lifecycle events (public and private channels).
 * - `channels:history`, `groups:history`: `conversations.history` after a crash, to find a digest that was posted
 *   but not recorded instead of posting it twice.
 * - `channels:join`: `conversations.join` a public channel the bot posts in without being a member, so that history
 *   can be read after a post whose fate is unknown. Added later: a workspace installed before falls back to giving
 *   that digest up (never posting it twice) until it reinstalls.
 * - `links:read`, `links:write`: the `link_shared` event for paper links on the unfurl domains, and `chat.unfurl`
 *   to unfold them into a card. Added by issue 17: a workspace installed before needs to reinstall the app.
 */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'channels:read',
  'groups:read',
  'channels:history',
  'groups:history',
  'channels:join',
  'links:read',
  'links:write',
] as const;
