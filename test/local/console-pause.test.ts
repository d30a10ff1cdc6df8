/**
 * `/paper pause|resume` typed into the local console: the channel's digest stops and starts, as the App Home's buttons do
 * in Slack. The console has no Home tab: its answers name `/paper resume #N` alone.
 */
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { consoleScript, useSeededConsole } from '../support/console-script.ts';

describe('local console: /paper pause and /paper resume', () => {
  let runtime: Runtime;
  useSeededConsole((r) => {
    runtime = r;
  });

  const pausedReasons = async (): Promise<Array<string | null>> =>
    (await runtime.store.listTeamSubscriptions('T_LOCAL')).map((s) => s.pausedReason);

  it('pauses a digest by topic or number, says so again when asked twice, and resumes it', async () => {
    const out = await consoleScript(runtime, [
      '/paper subscribe sparse attention at 09:00',
      '/paper subscribe speculative decoding',
      '/paper pause sparse attention',
      '/paper pause sparse attention',
      '/paper list',
    ]);
    const [id] = (await runtime.store.listTeamSubscriptions('T_LOCAL')).map((s) => s.id);
    expect(out).toContain(`⏸ Paused sparse attention (#${id}) in this channel: no digest goes out for it until someone types \`/paper resume #${id}\`. Nothing is lost: papers it already sent won't come again.`);
    expect(out).toContain(`sparse attention (#${id}) is already paused. \`/paper resume #${id}\` starts it again.`);
    expect(out).toContain(`⏸ Paused by someone (\`/paper resume #${id}\` resumes it)`);
    expect(await pausedReasons()).toEqual(['paused_by_user', null]);

    const back = await consoleScript(runtime, [`/paper resume ${id}`, `/paper resume #${id}`]);
    expect(back).toMatch(new RegExp(`▶️ Resumed sparse attention \\(#${id}\\)\\. Next digest: \\w{3} \\w{3} \\d{1,2}, 09:00 UTC\\.`));
    expect(back).toMatch(new RegExp(`sparse attention \\(#${id}\\) is not paused: next digest \\w{3} \\w{3} \\d{1,2}, 09:00 UTC\\.`));
    expect(await pausedReasons()).toEqual([null, null]);
  });

  it('a new time for a paused digest is saved; the answer says it is still paused and how to resume it, with no next digest', async () => {
    const where = { teamId: 'T_PAUSED', channelId: 'C_PAUSED', userId: 'U_LOCAL' };
    const out = await consoleScript(
      runtime,
      ['/paper subscribe speculative decoding at 09:00', '/paper pause speculative decoding', '/paper subscribe speculative decoding at 07:00'],
      undefined,
      where,
    );
    const id = (await runtime.store.listSubscriptions('T_PAUSED', 'C_PAUSED'))[0]?.id;
    expect(out).toContain(`This channel is already subscribed to speculative decoding. New schedule saved: every day at 07:00 UTC. (subscription #${id})`);
    expect(out).toContain(`⏸ Still paused by someone (\`/paper resume #${id}\` resumes it). No digest goes out until it resumes.`);
    expect(out.slice(out.indexOf('New schedule saved'))).not.toMatch(/next digest/i);
  });

  it('words that name none of the channel\'s digests: nothing paused, the digests listed, and how to search for the words', async () => {
    const out = await consoleScript(runtime, ['/paper pause detection']);
    expect(out).toContain("This channel has no digest called detection, so nothing was paused.");
    expect(out).toMatch(/Its digests: #\d+ sparse attention, #\d+ speculative decoding\. `\/paper pause #\d+` pauses one\./);
    expect(out).toContain('To search for papers with these words instead: `/paper detection pause` (word order does not change a search).');
    expect(await pausedReasons()).toEqual([null, null]);
    const resume = await consoleScript(runtime, ['/paper resume parsing']);
    expect(resume).toContain('This channel has no digest called parsing, so nothing was resumed.');
    expect(resume).toContain('`/paper parsing resume`');
  });

  it('`pause` alone asks which digest; an end it cannot keep is refused, saying which ends work; nothing changes', async () => {
    const out = await consoleScript(runtime, ['/paper pause', '/paper pause sparse attention for 3 hours']);
    expect(out).toMatch(/Tell me which digest to pause: `\/paper pause #\d+` or `\/paper pause sparse attention`\./);
    expect(out).toContain('`for 3 hours` is not a pause I can keep. Nothing was paused.');
    expect(out).toMatch(/Without an end, `\/paper pause #\d+` pauses it until someone types `\/paper resume #\d+`\./);
    expect(await pausedReasons()).toEqual([null, null]);
  });

  it('a channel without digests says so, and how to search for the words', async () => {
    const out = await consoleScript(runtime, ['/paper resume', '/paper pause detection'], undefined, { teamId: 'T_LOCAL', channelId: 'C_EMPTY', userId: 'U_LOCAL' });
    expect(out).toContain('This channel has no digests to resume. `/paper subscribe <topic>` starts one.');
    expect(out).toContain('This channel has no digests, so nothing was paused. `/paper subscribe <topic>` starts one.\nTo search');
  });

  it('`resume #1` (or pause, unsubscribe) in a channel without digests says it has none and how to start one, offering no search for "#1"', async () => {
    const empty = { teamId: 'T_LOCAL', channelId: 'C_EMPTY', userId: 'U_LOCAL' };
    const out = await consoleScript(runtime, ['/paper resume #1', '/paper pause #1', '/paper unsubscribe #1'], undefined, empty);
    expect(out.trim().split('\n\n')).toEqual([
      'This channel has no digests, so nothing was resumed. `/paper subscribe <topic>` starts one.',
      'This channel has no digests, so nothing was paused. `/paper subscribe <topic>` starts one.',
      'This channel has no digests, so there is nothing to unsubscribe from. `/paper subscribe <topic>` starts one.',
    ]);
    expect(out).not.toContain('`/paper #1');
  });
});
