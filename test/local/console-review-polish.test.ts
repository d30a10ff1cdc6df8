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

  it('`/paper subscribe sparse attention tomorrow` (or tonight, today, morning) answers with `at HH:MM`, subscribing to nothing', async () => {
    const here = channel('C_WHEN');
    const out = await consoleScript(runtime, ['/paper subscribe sparse attention tomorrow', '/paper subscribe sparse attention tonight'], undefined, here);
    expect(out).toContain(
      '⚠️ A digest goes out at a time of day, not "tomorrow": end with the time, `at 08:00` (the first digest goes out at the next 08:00). To keep "tomorrow" in the topic, put the topic in double quotes.',
    );
    expect(out).toContain('not "tonight": end with the time, `at 18:00`');
    expect(out).not.toContain('Subscribed');
    expect(await runtime.store.listSubscriptions('T_LOCAL', 'C_WHEN')).toEqual([]);
    // `every morning` keeps the cadence answer; quoted, the word is the topic's.
    expect(await consoleScript(runtime, ['/paper subscribe sparse attention every morning'], undefined, here)).toContain('For every day, end with `daily` and give the time');
    expect(await consoleScript(runtime, ['/paper subscribe "sparse attention tomorrow"'], undefined, here)).toContain('✅ Subscribed this channel to');
  });

  it('`/paper subscribe sparse attention` counts the papers with every word, which a search of the words outnumbers', async () => {
    const out = await consoleScript(runtime, ['/paper subscribe sparse attention', '/paper sparse attention'], undefined, channel('C_COUNT'));
    const every = /\n(\d+) papers have every word of sparse attention today\.\n/.exec(out);
    const searched = /\n(\d+) papers for "sparse attention"\n/.exec(out);
    expect(every, out).not.toBeNull();
    expect(Number(every?.[1])).toBeLessThan(Number(searched?.[1]));
    expect(out).not.toMatch(/papers match sparse attention/);
    // A phrase and an exclusion are more than words: papers match them.
    const phrase = await consoleScript(runtime, ['/paper subscribe "linear attention" -vision'], undefined, channel('C_PHRASE'));
    expect(phrase).toMatch(/\n\d+ papers match "linear attention" -vision today\.\n/);
  });

  it('`/paper attention~2 ^3 +foo` names the required word no paper has, and the `+` that requires it', async () => {
    const out = await consoleScript(runtime, ['/paper attention~2 ^3 +foo']);
    expect(out.trim()).toBe('No paper has the word "foo", which `+foo` requires: without the `+`, the other words are searched.');
    // Without the `+`, the other words are searched indeed.
    expect(await consoleScript(runtime, ['/paper attention~2 ^3 foo'])).toMatch(/^[1-9][\d,]* papers for /);
  });

  it('`/paper "unclosed quote attention` is read as the phrase closed at the end: no guesses at its words', async () => {
    const out = await consoleScript(runtime, ['/paper "unclosed quote attention']);
    expect(out.trim()).toBe('No paper has the exact phrase "unclosed quote attention"; try it without quotes.');
    expect(out).not.toContain('Did you mean');
    // A quote left open is shown closed, as it was searched.
    expect(await consoleScript(runtime, ['/paper "qqxqzv'])).toContain('No papers match "qqxqzv".');
    // A closed phrase with a typo still gets the guess.
    expect(await consoleScript(runtime, ['/paper "sparse atentoin"'])).toContain('Did you mean: attention');
  });
});
