/** Replies to documented `/paper` commands, typed into the local console as a newcomer would. */
import { Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { alwaysReachable } from '../../src/digests/channel-access.ts';
import { runLocalConsole } from '../../src/local/console.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { consoleScript, useSeededConsole } from '../support/console-script.ts';
import { seedPaperSearch } from '../support/test-app.ts';

describe('local console: command replies', () => {
  let runtime: Runtime;
  useSeededConsole((r) => {
    runtime = r;
  });

  it('`/paper unfurl off|on` names arXiv, Hugging Face and alphaXiv as they are spelled', async () => {
    const out = await consoleScript(runtime, ['/paper unfurl off', '/paper unfurl on']);
    expect(out).toContain('Done: links to arXiv, Hugging Face and alphaXiv papers pasted in this channel no longer unfold.');
    expect(out).toContain('Done: links to arXiv, Hugging Face and alphaXiv papers pasted in this channel unfold into a card again');
  });

  it('an empty `/paper top month` does not suggest itself; an empty week keeps the topic in the month it suggests', async () => {
    // The seed pages list nothing on Hugging Face: both windows are empty.
    const out = await consoleScript(runtime, ['/paper top month', '/paper top week sparse attention']);
    const [month, week] = out.split('🔥').slice(1);
    expect(month).toMatch(/No papers with upvotes were listed on Hugging Face this month/);
    expect(month).not.toContain('/paper top month');
    expect(week).toMatch(/No papers with upvotes were listed on Hugging Face this week/);
    expect(week).toContain('`/paper top month sparse attention` looks further back');
  });

  it('`/paper help` gives the default digest time and zone this deployment uses (DIGEST_DEFAULT_TIME, DIGEST_DEFAULT_TZ)', async () => {
    const berlin = await openRuntime(
      loadConfig({ DATABASE_URL: 'sqlite::memory:', DIGEST_DEFAULT_TIME: '07:30', DIGEST_DEFAULT_TZ: 'Europe/Berlin' }),
      createLogger({ level: LogLevel.ERROR }),
    );
    berlin.searchState.swap(await seedPaperSearch());
    const out = await consoleScript(berlin, ['/paper help', '/paper subscribe sparse attention']);
    await berlin.close();
    expect(out).toContain('(defaults: 07:30 Europe/Berlin, daily;');
    expect(out).toMatch(/Subscribed this channel to sparse attention: every day at 07:30 Europe\/Berlin/);
    expect(await consoleScript(runtime, ['/paper help'])).toContain('(defaults: 09:00 UTC, daily;');
  });

  it('shows the emoji Slack would, not their :shortcodes:', async () => {
    const out = await consoleScript(runtime, ['/paper subscribe sparse attention at 25:99', '/paper sparse attention', 'save 1', '/paper follow "Tri Dao"', '/paper list']);
    expect(out).toContain("\u26A0\uFE0F 25:99 isn't a time.");
    expect(out).toMatch(/\u{1F516} Saved /u);
    expect(out).toMatch(/\u{1F464} Following Tri Dao/u);
    expect(out).not.toMatch(/:(warning|bookmark|bust_in_silhouette|information_source|thumbsup):/);
  });

  it('`/paper help` lists `/paper unfurl` alone, and Save wherever a paper is shown', async () => {
    const out = await consoleScript(runtime, ['/paper help']);
    expect(out).toContain('`/paper unfurl [off|on]`');
    expect(out).toContain('`/paper unfurl` alone says which it is.');
    expect(out).toContain('The papers you saved with the Save button (under search results, digests, previews, top lists, shared papers and paper links)');
  });

  it('`similar N` presses Similar on the Nth paper shown (it used to search for the words "similar 1")', async () => {
    const first = runtime.searchState.current?.search('sparse attention', { offset: 0, limit: 5 }).hits[1]?.paper;
    const out = await consoleScript(runtime, ['/paper sparse attention', 'similar 2', 'similar 99', 'save 1']);
    expect(out).toContain(`Papers similar to ${first?.title ?? '?'}`);
    expect(out).not.toContain('papers for "similar 2"');
    expect(out).toMatch(/Pick a paper from 1 to 5\./);
    expect(out).toContain('`similar N`');
    // The similar papers are the listing now: `save 1` saves the first of them, not the first search result.
    const similarFirst = runtime.searchState.current?.similar(first?.id ?? '', 5)[0]?.paper;
    expect(out).toContain(`Saved ${similarFirst?.title ?? '?'}`);
  });

  it('`share N` presses Share on the Nth paper shown: posted once for the channel, a second time says it already was', async () => {
    const second = runtime.searchState.current?.search('speculative decoding', { offset: 0, limit: 5 }).hits[1]?.paper;
    const out = await consoleScript(runtime, ['/paper speculative decoding', 'share 2', 'share 2']);
    expect(out).not.toContain('papers for "share 2"');
    expect(out.match(/\(posted to the channel:\)\nA paper was shared/g)).toHaveLength(1);
    expect(out).toContain(second?.title ?? '?');
    expect(out).toContain(`You already shared ${second?.title ?? '?'} here a moment ago, so it was not posted again.`);
  });

  it('at a terminal, end of input (Ctrl-D) leaves the shell prompt on a line of its own', async () => {
    // The terminal echoes a typed `exit` with its newline; Ctrl-D echoes nothing, so the console ends the line.
    for (const typed of ['/paper list\n']) {
      let out = '';
      const output = new Writable({
        write(chunk: Buffer, _encoding, done) {
          out += chunk.toString('utf8');
          done();
        },
      });
      await runLocalConsole({ input: Readable.from([typed]), output, interactive: true, deps: runtime.commandDeps(alwaysReachable, { homeTab: false }) });
      expect(out).toMatch(/paper-digest local console: \d+ papers indexed/);
      expect(out).toContain('This channel has no paper digests yet.');
      expect(out.endsWith('> \n')).toBe(true);
    }
  });
});

describe('local console: what can be typed after papers without a Share button', () => {
  let runtime: Runtime;
  useSeededConsole((r) => {
    runtime = r;
  });

  it('after a digest preview, the hint offers no `share N`, and `share 1` says only search results have Share (not "search first")', async () => {
    const out = await consoleScript(runtime, ['/paper digest sparse attention', 'share 1', 'save 1']);
    const hint = out.split('\n').find((line) => line.startsWith('(`save N`'));
    expect(hint).toBe(
      '(`save N` saves the Nth paper above, `similar N` finds papers like it; `👍 N` / `👎 N` (or `up N` / `down N`, `+1 N` / `-1 N`) rate it for this channel and `undo N` takes the vote back; `saved` lists your saved papers, `saved bibtex` gives their BibTeX.)',
    );
    expect(out).not.toContain('Nothing to pick from yet');
    expect(out).toContain('The papers above have no Share button: only search results do (a digest or a paper link is in the channel already). Search with `/paper <words>`, then `share N` posts one.');
    // The preview is still the listing: `save 1` saves its first paper.
    expect(out).toMatch(/🔖 Saved .+ for later\./u);
  });

  it('after search results the hint still offers `share N`; with nothing shown yet, `share 1` says to search first', async () => {
    const out = await consoleScript(runtime, ['share 1', '/paper speculative decoding']);
    expect(out).toContain('Nothing to pick from yet: search first, e.g. `/paper sparse attention`.');
    expect(out).toContain('`similar N` finds papers like it, `share N` posts it to the channel; `👍 N`');
  });
});

describe('local console: a button word without the paper number', () => {
  let runtime: Runtime;
  useSeededConsole((r) => {
    runtime = r;
  });

  it('`save` alone asks which paper (it searched for the word "save"); before any listing it says to search first', async () => {
    const out = await consoleScript(runtime, ['save', '/paper speculative decoding', 'save', '👍', 'similar']);
    expect(out).not.toContain('papers for "save"');
    expect(out).toContain('Nothing to pick from yet: search first, e.g. `/paper sparse attention`.');
    expect(out).toContain('Which paper? `save N` takes its number in the list above, e.g. `save 1` (1 to 5).');
    expect(out).toContain('Which paper? `👍 N` takes its number in the list above, e.g. `👍 1` (1 to 5).');
    expect(out).toContain('Which paper? `similar N` takes its number in the list above, e.g. `similar 1` (1 to 5).');
    expect(out).not.toContain('Saved');
  });
});

describe('local console: another slash command', () => {
  let runtime: Runtime;
  useSeededConsole((r) => {
    runtime = r;
  });

  it('`/help` or `/digest sparse attention` is answered with the /paper command, not searched (`/digest` was shown papers for "direct")', async () => {
    const out = await consoleScript(runtime, ['/help', '/digest sparse attention', '/paperlist']);
    expect(out).not.toMatch(/papers? for/);
    expect(out).toContain('This console answers /paper commands only: did you mean `/paper help`?\n');
    expect(out).toContain('did you mean `/paper digest sparse attention`? `/paper help` lists the commands.');
    expect(out).toContain('did you mean `/paper list`?');
  });
});
