import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ActionId } from '../../src/views/action-ids.ts';
import { UNKNOWN_ACTION_ID } from '../../src/slack/actions/unknown-button.ts';
import { BOT_SCOPES } from '../../src/slack/oauth/scopes.ts';
import { manifestErrors } from '../support/block-kit-schema.ts';
import { startTestApp, type RunningTestApp } from '../support/test-app.ts';
import { manifestProblems } from '../support/slack-schemas.ts';
import { arxivIdFromUrl, PAPER_LINK_DOMAINS } from '../../src/papers/paper-links.ts';

interface Manifest {
  display_information: { name: string; description?: string };
  features: {
    app_home?: { home_tab_enabled?: boolean };
    unfurl_domains?: string[];
    bot_user?: { display_name: string };
    slash_commands?: Array<{ command: string; url?: string; description: string; usage_hint?: string; should_escape?: boolean }>;
  };
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled?: boolean;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

const readManifest = (file: string): Manifest => JSON.parse(readFileSync(file, 'utf8')) as Manifest;

/**
 * Why each Web API method the code calls needs the scopes it does. A method missing here fails the test: add
 * it with its scopes (https://api.slack.com/methods), then add the scopes to manifest.json and BOT_SCOPES.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  // chat:write.public: digests go to public channels the bot never joined.
  'chat.postMessage': ['chat:write', 'chat:write.public'],
  'chat.postEphemeral': ['chat:write'],
  // The digest an Unsubscribe was pressed in says so, in place.
  'chat.update': ['chat:write'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.history': ['channels:history', 'groups:history'],
  // channels:join: read the history of a public channel the bot posted in without joining.
  'conversations.join': ['channels:join'],
  'users.conversations': ['channels:read', 'groups:read'],
  'views.publish': [],
  // links:write: unfold paper links (issue 17).
  'chat.unfurl': ['links:write'],
  'auth.test': [],
};

const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  app_uninstalled: [],
  tokens_revoked: [],
  channel_archive: ['channels:read'],
  channel_deleted: ['channels:read'],
  channel_unarchive: ['channels:read'],
  group_archive: ['groups:read'],
  group_deleted: ['groups:read'],
  group_unarchive: ['groups:read'],
  member_joined_channel: ['channels:read', 'groups:read'],
  member_left_channel: ['channels:read', 'groups:read'],
  channel_left: ['channels:read'],
  group_left: ['groups:read'],
  link_shared: ['links:read'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every `<client>.<family>.<method>(` call in src/, e.g. `client.chat.postMessage(` → `chat.postMessage`. */
function webApiMethodsCalled(): Map<string, string[]> {
  const families = 'admin|apps|auth|bookmarks|bots|calls|canvases|chat|conversations|dialog|dnd|emoji|files|pins|reactions|reminders|stars|team|usergroups|users|views|workflows';
  const pattern = new RegExp(`\\.(${families})\\.([a-z][A-Za-z]*(?:\\.[a-z][A-Za-z]*)?)\\(`, 'g');
  const found = new Map<string, string[]>();
  for (const file of sourceFiles('src')) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      const method = `${match[1]}.${match[2]}`;
      found.set(method, [...(found.get(method) ?? []), file]);
    }
  }
  return found;
}

describe('manifest.json declares exactly what the code uses', () => {
  const manifest = readManifest('manifest.json');
  const commands: string[] = [];
  const events: string[] = [];
  const actions: string[] = [];
  let t: RunningTestApp;

  beforeAll(async () => {
    // Record what createSlackApp really registers on Bolt.
    // A listener is registered by name, by RegExp, or by a constraints object ({ action_id, type, … }).
    const nameOf = (name: unknown): string => {
      if (typeof name === 'string') return name;
      if (name instanceof RegExp) return `regexp:${name.source}`;
      if (typeof name === 'object' && name !== null) {
        const { action_id: actionId, type } = name as { action_id?: unknown; type?: unknown };
        if (actionId !== undefined) return nameOf(actionId);
        if (type !== undefined) return nameOf(type);
      }
      return JSON.stringify(name);
    };
    const record = (into: string[]) => (name: unknown) => {
      into.push(nameOf(name));
    };
    const command = vi.spyOn(App.prototype, 'command');
    const event = vi.spyOn(App.prototype, 'event');
    const action = vi.spyOn(App.prototype, 'action');
    t = await startTestApp({ ready: false });
    command.mock.calls.forEach((call) => record(commands)(call[0]));
    event.mock.calls.forEach((call) => record(events)(call[0]));
    action.mock.calls.forEach((call) => record(actions)(call[0]));
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('every slash command the code handles is declared, with a description and usage hint, and no other', () => {
    expect(commands.length).toBeGreaterThan(0);
    const declared = manifest.features.slash_commands ?? [];
    expect(declared.map((c) => c.command).sort()).toEqual([...new Set(commands)].sort());
    for (const command of declared) {
      expect(command.description.length).toBeGreaterThan(10);
      expect(command.usage_hint?.length ?? 0).toBeGreaterThan(5);
      expect(command.url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    }
  });

  it('every event the code handles is subscribed, and no other', () => {
    expect(events.length).toBeGreaterThan(0);
    expect([...(manifest.settings.event_subscriptions?.bot_events ?? [])].sort()).toEqual([...new Set(events)].sort());
    expect(manifest.settings.event_subscriptions?.user_events ?? []).toEqual([]);
    expect(manifest.settings.event_subscriptions?.request_url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    expect(manifest.features.app_home?.home_tab_enabled).toBe(events.includes('app_home_opened'));
  });

  it('interactivity is on because the code handles actions, every one a declared ActionId', () => {
    expect(manifest.settings.interactivity?.is_enabled).toBe(actions.length > 0);
    expect(manifest.settings.interactivity?.request_url).toMatch(/^https:\/\/[^/]+\/slack\/events$/);
    // Each declared ActionId has a listener (by name or by pattern), and each listener serves a declared ActionId.
    const declared: string[] = Object.values(ActionId);
    const served = (id: string): boolean =>
      actions.some((a) => a === id || (a.startsWith('regexp:') && new RegExp(a.slice('regexp:'.length)).test(id)));
    expect(declared.filter((id) => !served(id))).toEqual([]);
    // The one listener for the ids that are none of ours (a button from an older version) serves none of them.
    const fallback = `regexp:${UNKNOWN_ACTION_ID.source}`;
    expect(actions.filter((a) => a === fallback)).toHaveLength(1);
    expect(declared.filter((id) => UNKNOWN_ACTION_ID.test(id))).toEqual([]);
    const stray = actions
      .filter((a) => a !== fallback)
      .filter((a) => (a.startsWith('regexp:') ? !declared.some((id) => new RegExp(a.slice(7)).test(id)) : !declared.includes(a)));
    expect(stray).toEqual([]);
  });

  it('requests exactly the bot scopes that the called Web API methods, events and commands need', () => {
    const called = webApiMethodsCalled();
    // The scan sees the calls (a sanity check on the pattern itself).
    expect([...called.keys()]).toEqual(expect.arrayContaining(['chat.postMessage', 'conversations.info', 'users.conversations', 'views.publish']));
    const unknown = [...called.keys()].filter((method) => !(method in METHOD_SCOPES));
    expect(unknown, `Web API methods without a scope entry in this test: ${unknown.join(', ')}`).toEqual([]);
    const needed = new Set<string>();
    for (const method of called.keys()) for (const scope of METHOD_SCOPES[method] ?? []) needed.add(scope);
    for (const event of events) {
      const scopes = EVENT_SCOPES[event];
      expect(scopes, `event ${event} has no scope entry in this test`).toBeDefined();
      for (const scope of scopes ?? []) needed.add(scope);
    }
    if (commands.length > 0) needed.add('commands');

    const requested = manifest.oauth_config.scopes.bot;
    expect(new Set(requested).size).toBe(requested.length);
    expect([...requested].sort()).toEqual([...needed].sort());
    expect([...BOT_SCOPES].sort()).toEqual([...requested].sort());
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
  });

  it('has a bot user, the OAuth redirect, workspace-only installs and no token rotation', () => {
    expect(manifest.features.bot_user?.display_name).toBeTruthy();
    expect(manifest.display_information.name).toBeTruthy();
    expect((manifest.display_information.description ?? '').length).toBeLessThanOrEqual(140);
    expect(manifest.oauth_config.redirect_urls).toEqual([expect.stringMatching(/^https:\/\/[^/]+\/slack\/oauth_redirect$/)]);
    expect(manifest.settings.org_deploy_enabled).toBe(false);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    // One host in every URL, so the README's "replace the host" step is a single search-and-replace.
    const hosts = new Set(JSON.stringify(manifest).match(/https:\/\/[^/"]+/g));
    expect(hosts.size).toBe(1);
  });

  it('both manifests are valid against Slack\'s manifest schema (../shared/schemas), which does catch a broken one', () => {
    expect(manifestProblems(manifest)).toEqual([]);
    expect(manifestProblems(readManifest('manifest.socket-mode.json'))).toEqual([]);
    expect(manifestProblems({ ...manifest, features: { ...manifest.features, unfurl_domains: 'arxiv.org' } })).not.toEqual([]);
  });

  it('unfurl domains are exactly the hosts paper links are read from (at most 5, as Slack allows)', () => {
    const domains = manifest.features.unfurl_domains ?? [];
    expect([...domains].sort()).toEqual([...PAPER_LINK_DOMAINS].sort());
    expect(domains.length).toBeLessThanOrEqual(5);
    // Each domain serves a paper link form (Slack sends subdomains too: www., export.).
    const sample: Record<string, string> = {
      'arxiv.org': 'https://export.arxiv.org/abs/2502.11089',
      'huggingface.co': 'https://huggingface.co/papers/2502.11089',
      'hf.co': 'https://hf.co/papers/2502.11089',
      'alphaxiv.org': 'https://www.alphaxiv.org/abs/2502.11089',
    };
    for (const domain of domains) expect(arxivIdFromUrl(sample[domain] ?? '')).toBe('2502.11089');
  });

  it('manifest.socket-mode.json is the same app with Socket Mode on and no request URLs', () => {
    const socket = readManifest('manifest.socket-mode.json');
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(socket)).not.toMatch(/https?:\/\//);
    const strip = (m: Manifest): Manifest => {
      const copy = JSON.parse(JSON.stringify(m)) as Manifest;
      for (const command of copy.features.slash_commands ?? []) delete command.url;
      delete copy.oauth_config.redirect_urls;
      if (copy.settings.event_subscriptions) delete copy.settings.event_subscriptions.request_url;
      if (copy.settings.interactivity) delete copy.settings.interactivity.request_url;
      delete copy.settings.socket_mode_enabled;
      return copy;
    };
    expect(strip(socket)).toEqual(strip(manifest));
  });

  it("both manifests conform to Slack's app manifest schema", () => {
    expect(manifestErrors(JSON.parse(readFileSync('manifest.json', 'utf8')))).toEqual([]);
    expect(manifestErrors(JSON.parse(readFileSync('manifest.socket-mode.json', 'utf8')))).toEqual([]);
    // The schema has teeth: a command without its description, or an unknown setting, is refused.
    const broken = JSON.parse(readFileSync('manifest.json', 'utf8')) as Manifest & { settings: Record<string, unknown> };
    broken.features.slash_commands = [{ command: '/paper' } as { command: string; description: string }];
    broken.settings['not_a_setting'] = true;
    expect(manifestErrors(broken).join('\n')).toMatch(/description/);
  });
});
