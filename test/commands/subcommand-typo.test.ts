/**
 * A mistyped subcommand (`/paper subscirbe sparse attention`) is answered with the command it was meant to be, not
 * searched as words no paper has. Through runPaperCommand on a real SQLite store and the seed corpus.
 */
import { describe, expect, it } from 'vitest';
import { usePaperCommandRuntime } from '../support/paper-command-harness.ts';
import { renderText } from '../../src/local/render-text.ts';

describe('/paper <mistyped subcommand> …', () => {
  const { paper, send } = usePaperCommandRuntime();

  it('names the command it was meant to be, with the words typed after it, and subscribes nothing', async () => {
    const reply = await paper('subscirbe sparse attention at 09:00');
    expect(reply).toContain('"subscirbe" is not a command. Did you mean `/paper subscribe sparse attention at 09:00`?');
    expect(reply).not.toContain('papers for');
    expect(await paper('list')).toContain('no paper digests yet');
    expect(await paper('unsubscibe sparse attention')).toContain('Did you mean `/paper unsubscribe sparse attention`?');
    expect(await paper('lsit')).toContain('Did you mean `/paper list`?');
    expect(await paper('Pasue #1')).toContain('Did you mean `/paper pause #1`?');
    expect(await paper('digset')).toContain('Did you mean `/paper digest`?');
  });

  it('reads the names people give the list, the saved papers and unsubscribe (/paper subscriptions said "No papers match")', async () => {
    expect(await paper('subscriptions')).toContain('"subscriptions" is not a command. Did you mean `/paper list`?');
    expect(await paper('digests')).toContain('Did you mean `/paper list`?');
    expect(await paper('Bookmarks')).toContain('Did you mean `/paper saved`?');
    expect(await paper('unsub sparse attention')).toContain('Did you mean `/paper unsubscribe sparse attention`?');
    // `digests` with a topic is one slip from `digest`; `subs` is a word papers have, so it is searched.
    expect(await paper('digests sparse attention')).toContain('Did you mean `/paper digest sparse attention`?');
    expect(await paper('subs')).toMatch(/papers? for "subs"/);
    expect(await paper('"subscriptions"')).not.toContain('Did you mean');
  });

  it('still searches words papers have, and a slip from a subcommand whose other words it cannot take', async () => {
    // "pauses" is one letter from pause, but papers have it: a search.
    expect(await paper('pauses in speech')).toMatch(/papers? for "pauses in speech"/);
    // One letter changed in a short name is often another word: "held out" is not `/paper help`.
    expect(await paper('held out data')).not.toContain('Did you mean');
    // `list` takes nothing after it, so "lsit of attention" is not `/paper list`.
    expect(await paper('lsit of attention')).not.toContain('Did you mean');
    // Quoted, a word is searched as written.
    expect(await paper('"subscirbe" sparse attention')).not.toContain('Did you mean');
  });

  it('echoes what was typed without Slack markup', async () => {
    const reply = await send('subscirbe <!channel> attention');
    const mrkdwn = JSON.stringify(reply.message.blocks.map((block) => ('text' in block ? block.text : null)));
    expect(mrkdwn).not.toContain('<!channel>');
    // The mention is left out of the command: no subcommand takes one.
    expect(renderText(reply.message)).toContain('Did you mean `/paper subscribe attention`?');
  });

  it('gives the whole command, however long, so a paste runs it as meant', async () => {
    expect(await paper('subscirbe sparse attention at 09:00 tz Europe/Berlin weekdays')).toContain(
      'Did you mean `/paper subscribe sparse attention at 09:00 tz Europe/Berlin weekdays`?',
    );
  });
});
