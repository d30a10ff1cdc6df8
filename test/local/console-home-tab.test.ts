/**
 * The local console has no App Home tab: none of its answers point there (`/paper pause`, the pause reasons of
 * `/paper list`, `/paper subscribe` on a paused digest or top list, `/paper help`, Save, `/paper saved`); each says what
 * to type instead. The same commands typed in Slack (Bolt's real HTTP receiver) still name the App Home, which Slack has.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import type { Store } from '../../src/store/store.ts';
import { validateMessage } from '../../src/views/limits.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';
import { ClockedApp } from '../support/clocked-app.ts';
import { consoleScript, useSeededConsole } from '../support/console-script.ts';
import { FakeSlack, openChannels } from '../support/fake-slack.ts';
import type { SlackReply } from '../support/slack-reply.ts';
import { tempSqliteUrl } from '../support/test-app.ts';

/** Any pointer to the Home tab, however it is worded. */
const HOME = /\bHome\b/i;

/** Four digests in one channel: two paused by someone (a topic and a top list), two stopped by Slack errors. */
async function subscribeAndPause(
  type: (lines: string[]) => Promise<string>,
  store: Store,
  teamId: string,
  channelId: string,
): Promise<{ out: string; ids: { topic: number; top: number; restricted: number; ekm: number } }> {
  let out = await type([
    '/paper subscribe sparse attention at 09:00 tz UTC',
    '/paper subscribe top',
    '/paper subscribe speculative decoding',
    '/paper subscribe diffusion',
  ]);
  const byTopic = new Map((await store.listSubscriptions(teamId, channelId)).map((s) => [s.topic, s.id]));
  const id = (topic: string): number => byTopic.get(topic) ?? Number.NaN;
  const ids = { topic: id('sparse attention'), top: id('top'), restricted: id('speculative decoding'), ekm: id('diffusion') };
  // What the runner stores when Slack refuses a post.
  await store.setSubscriptionPaused(teamId, ids.restricted, 'restricted_action');
  await store.setSubscriptionPaused(teamId, ids.ekm, 'ekm_access_denied');
  out += await type([`/paper pause #${ids.topic}`, `/paper pause #${ids.top}`, '/paper subscribe sparse attention at 08:00', '/paper subscribe top daily', '/paper list']);
  return { out, ids };
}

describe('the local console names no Home tab', () => {
  let runtime: Runtime;
  useSeededConsole((r) => {
    runtime = r;
  });

  it('pausing, /paper list and subscribing again while paused say `/paper resume #N` instead', async () => {
    const { out, ids } = await subscribeAndPause((lines) => consoleScript(runtime, lines), runtime.store, 'T_LOCAL', 'C_LOCAL');
    expect(out).not.toMatch(HOME);
    expect(out).toContain(`until someone types \`/paper resume #${ids.topic}\`. Nothing is lost`);
    expect(out).toContain(`⏸ Still paused by someone (\`/paper resume #${ids.topic}\` resumes it). No digest goes out until it resumes.`);
    expect(out).toContain(`⏸ Still paused by someone (\`/paper resume #${ids.top}\` resumes it). No list goes out until it resumes.`);
    expect(out).toContain(`⏸ Paused by someone (\`/paper resume #${ids.topic}\` resumes it)`);
    expect(out).toContain(`⏸ Paused: only some people may post here (a channel or workspace setting): let the app post, then \`/paper resume #${ids.restricted}\``);
    expect(out).toContain(`⏸ Paused: an administrator suspended posting here: \`/paper resume #${ids.ekm}\` once that is lifted`);
  });

  it('/paper help, Save and /paper saved leave Mark read and Remove out', async () => {
    const out = await consoleScript(runtime, ['/paper help', '/paper sparse attention', 'save 1', '/paper saved']);
    expect(out).not.toMatch(HOME);
    expect(out).toContain('Stop a digest in this channel until someone resumes it, or with an end until then');
    expect(out).toContain('newest first; only you see them. Example: `/paper saved`');
    expect(out).toContain('Your saved papers: `/paper saved`, BibTeX with `/paper saved bibtex`.');
    expect(out).toContain('`/paper saved bibtex` gives their BibTeX.');
  });
});

describe('Slack still points to the App Home', () => {
  const t = new ClockedApp('2026-11-23T08:00:00Z');
  let slack: FakeSlack;
  beforeAll(async () => {
    slack = await new FakeSlack().start();
    openChannels(slack);
    await t.start({ databaseUrl: tempSqliteUrl(), slack });
  });
  afterAll(async () => {
    await t.stop();
  });

  /** Each reply checked (ephemeral, valid Block Kit) and its blocks' text, as a person reads it. */
  const type = async (lines: string[]): Promise<string> => {
    let shown = '';
    for (const line of lines) {
      const reply: SlackReply = await t.command(line.replace(/^\/paper /, ''));
      expect(reply.response_type).toBe('ephemeral');
      expect(validateMessage(reply.blocks ?? [], { surface: 'message' })).toEqual([]);
      expect(blockKitErrors(reply)).toEqual([]);
      shown += `${JSON.stringify(reply.blocks ?? [])}\n`;
    }
    return shown;
  };

  it('pausing, /paper list and subscribing again while paused name Resume in the App Home', async () => {
    const { out, ids } = await subscribeAndPause(type, t.app.runtime.store, 'T1', 'C_RESEARCH');
    expect(out).toContain(`until someone types \`/paper resume #${ids.topic}\` (or clicks Resume in the App Home).`);
    expect(out).toContain(`⏸ Still paused by someone (\`/paper resume #${ids.topic}\` or Resume in the App Home). No digest goes out until it resumes.`);
    expect(out).toContain(`⏸ Still paused by someone (\`/paper resume #${ids.top}\` or Resume in the App Home). No list goes out until it resumes.`);
    expect(out).toContain(`⏸ Paused by someone (\`/paper resume #${ids.topic}\` or Resume in the App Home)`);
    expect(out).toContain('⏸ Paused: only some people may post here (a channel or workspace setting): let the app post, then Resume in the App Home');
    expect(out).toContain('⏸ Paused: an administrator suspended posting here: Resume in the App Home once that is lifted');
  });

  it('/paper help and /paper saved name Mark read and Remove on the Home tab', async () => {
    const paper = t.app.runtime.searchState.current?.search('sparse attention', { limit: 1 }).hits[0]?.paper;
    if (!paper) throw new Error('the seed corpus has no sparse attention paper');
    await t.app.runtime.store.savePaper({ teamId: 'T1', userId: 'U1', paper, now: t.now });
    const out = await type(['/paper help', '/paper saved']);
    expect(out).toContain('until someone resumes it (as Pause in the App Home), or with an end until then');
    expect(out).toContain('only you see them. Mark read and Remove are on the app’s Home tab.');
    expect(out).toContain('`/paper saved bibtex` gives their BibTeX; Mark read and Remove are on the app’s Home tab.');
  });
});
