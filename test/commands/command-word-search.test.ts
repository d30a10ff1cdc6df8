/**
 * `/paper list all`, `/paper saved papers`: a search (list decoding is a topic), whose answer says what the command
 * alone does. Through runPaperCommand on a real SQLite store and the seed corpus.
 */
import { describe, expect, it } from 'vitest';
import { usePaperCommandRuntime } from '../support/paper-command-harness.ts';

describe('a search that starts with a command taking no words', () => {
  const { paper } = usePaperCommandRuntime();

  it('/paper list all finds papers for the words and says /paper list alone shows the digests', async () => {
    const out = await paper('list all');
    expect(out).toMatch(/^\d+ papers? for "list all"/);
    expect(out).toContain('These are papers for the words "list all"; `/paper list` alone shows this channel\'s digests.');
  });

  it('/paper saved papers says /paper saved alone lists your saved papers; a word nothing has keeps its own notice first', async () => {
    expect(await paper('saved papers')).toContain('`/paper saved` alone lists your saved papers.');
    const unknown = await paper('list quxwobble');
    expect(unknown).toContain('No paper has the word "quxwobble"; showing results for the other words. `/paper list` alone shows this channel\'s digests.');
    const none = await paper('list since:2030-01');
    expect(none).toContain('No paper passes `since:2030-01`; try without it. `/paper list` alone shows this channel\'s digests.');
  });

  it('leaves other searches, and the commands themselves, alone', async () => {
    expect(await paper('sparse attention list')).not.toContain('alone');
    expect(await paper('list')).toContain('This channel has no paper digests yet.');
    expect(await paper('saved')).not.toContain('alone');
  });
});
