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

  it('a digest on a quoted phrase is named as typed by pause, resume, reset and unsubscribe, and found by them', async () => {
    const out = await consoleScript(runtime, [
      '/paper subscribe "linear attention" -vision',
      '/paper pause "linear attention" -vision',
      '/paper resume "linear attention" -vision',
      '/paper reset "linear attention" -vision',
      '/paper unsubscribe "linear attention" -vision',
    ]);
    expect(out).toContain('Subscribed this channel to "linear attention" -vision:');
    expect(out).toMatch(/⏸ Paused "linear attention" -vision \(#\d+\)/);
    expect(out).toMatch(/▶️ Resumed "linear attention" -vision \(#\d+\)/);
    expect(out).toContain('↺ Reset "linear attention" -vision: nothing to forget');
    expect(out).toMatch(/Unsubscribed this channel from "linear attention" -vision \(#\d+\)/);
    expect(out).not.toContain('""');
  });

  it('`/paper pause #1 for -3 days` says that is no pause it can keep, not that no digest is called "#1 for -3 days"', async () => {
    const out = await consoleScript(runtime, ['/paper subscribe kv cache', '/paper pause kv cache for -3 days', '/paper list']);
    expect(out).toContain('`for -3 days` is not a pause I can keep. Nothing was paused.');
    expect(out).not.toContain('no digest called');
    expect(out).not.toMatch(/⏸ Paused/);
    await consoleScript(runtime, ['/paper unsubscribe kv cache']);
  });

  it('a search holding a phrase is named as typed, not in a second pair of quotes', async () => {
    const out = await consoleScript(runtime, ['/paper "linear attention" -vision', '/paper sparse']);
    expect(out).toMatch(/^\d+ papers? for "linear attention" -vision$/m);
    expect(out).toMatch(/^\d+ papers for "sparse"$/m);
    expect(out).not.toContain('""');
  });
});

