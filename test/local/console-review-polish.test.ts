/** Answers the 2026-12-03 review found unclear, as the local console prints them. */
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { consoleScript, useSeededConsole } from '../support/console-script.ts';

describe('local console: answers the 2026-12-03 review found unclear', () => {
  let runtime: Runtime;
  useSeededConsole((r) => {
    runtime = r;
  });
  const channel = (name: string) => ({ teamId: 'T_LOCAL', channelId: name, userId: 'U_LOCAL' });

  it('`/paper digest weekly` (schedule words alone) asks for a topic or #id, not a preview of papers about "weekly"', async () => {
    const out = await consoleScript(runtime, ['/paper digest weekly', '/paper digest at 09:00'], undefined, channel('C_PREVIEW'));
    const answer =
      "⚠️ A preview needs a topic or a digest's #id: `/paper digest sparse attention` or `/paper digest #1`. How often (`daily`, `weekly`, `at 08:00`) goes with subscribe: `/paper subscribe sparse attention weekly`.";
    expect(out.split('\n').filter((line) => line.startsWith('⚠️'))).toEqual([answer, answer]);
    expect(out).not.toContain('Preview of the next digest');
    // Quoted, the word is a topic.
    expect(await consoleScript(runtime, ['/paper digest "weekly"'], undefined, channel('C_PREVIEW'))).toContain('Preview of the next digest for weekly:');
  });
});
