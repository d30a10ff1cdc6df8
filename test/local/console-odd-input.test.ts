/** What a researcher types around the subcommands (empty quotes, mentions, titles after `like`), as the console answers it. */
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { consoleScript, useSeededConsole } from '../support/console-script.ts';

describe('local console: odd input around the subcommands', () => {
  let runtime: Runtime;
  useSeededConsole((r) => {
    runtime = r;
  });

  it('`/paper pause ""` asks which digest, as `/paper pause` alone does, not about a digest called ""', async () => {
    const out = await consoleScript(runtime, ['/paper pause ""', '/paper resume “”']);
    expect(out).toContain('This channel has no digests to pause. `/paper subscribe <topic>` starts one.');
    expect(out).toContain('This channel has no digests to resume.');
    expect(out).not.toContain('called ""');
    expect(out).not.toContain('/paper "" pause');
  });
});
