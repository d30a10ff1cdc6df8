/** Answers a product review found confusing, as the local console prints them. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.ts';
import { consoleScript, useSeededConsole } from '../support/console-script.ts';

describe('local console: answers the review found confusing', () => {
  let runtime: Runtime;
  useSeededConsole((r) => {
    runtime = r;
  });

  it('a corrected search says once which word was read as which, and which found nothing', async () => {
    const out = await consoleScript(runtime, ['/paper foo bar']);
    const [summary, notice] = out.trim().split('\n');
    expect(summary).toMatch(/^\d+ papers? for "foo far"$/);
    expect(notice).toBe('ℹ️ Showing results for "far" instead of "bar"; no paper has the word "foo".');
    expect(out).not.toContain('because nothing matched');
    expect(out).not.toContain('showing results for the other words');
  });

  it('a corrected typo next to words that match says which word was corrected', async () => {
    const out = await consoleScript(runtime, ['/paper sparse atention']);
    const [summary, notice] = out.trim().split('\n');
    expect(summary).toMatch(/^\d+ papers for "sparse attention"$/);
    expect(notice).toBe('ℹ️ Showing results for "attention" instead of "atention".');
  });

  it('`/paper unsubscribe top` names what it stopped as the top list, with or without a topic', async () => {
    const out = await consoleScript(runtime, [
      '/paper subscribe top',
      '/paper subscribe top sparse attention',
      '/paper unsubscribe top',
      '/paper unsubscribe top sparse attention',
    ]);
    expect(out).toMatch(/Unsubscribed this channel from the 🔥 top list \(#\d+\)\. /u);
    expect(out).toMatch(/Unsubscribed this channel from the 🔥 top list for sparse attention \(#\d+\)\. /u);
    expect(out).not.toContain('Unsubscribed this channel from top');
  });

  it('`/paper 🚀🚀` answers in one line that there are no words to search for', async () => {
    const out = await consoleScript(runtime, ['/paper 🚀🚀']);
    expect(out.trim()).toBe('There are no words to search for in that query. Type some words, e.g. `sparse attention`.');
  });

  it('a search that found nothing still ends with what to try', async () => {
    const out = await consoleScript(runtime, ['/paper qqxqzv']);
    expect(out).toContain('Try different or fewer words, or `/paper help` for the search syntax.');
  });

  it('a person or channel mention is not searched: the answer points to the author filter', async () => {
    const person = await consoleScript(runtime, ['/paper <@U123>']);
    expect(person.trim()).toBe(
      '⚠️ A mention of a person is not searched. For a person\'s papers, use the author filter with their name as papers write it: `/paper author:"Name"` (or `author:Lastname`).',
    );
    const channel = await consoleScript(runtime, ['/paper <#C123|x>']);
    expect(channel.trim()).toBe('⚠️ A mention of a channel is not searched.');
    const mixed = await consoleScript(runtime, ['/paper <@U123|tri> sparse attention']);
    expect(mixed).toContain('To search the other words: `/paper sparse attention`');
    expect(mixed).not.toMatch(/papers? for/);
  });

  it('a mention with many other words: the answer gives the search of all of them, to paste', async () => {
    const long = await consoleScript(runtime, ['/paper <@U123> papers about sparse attention in long context models']);
    expect(long).toContain('To search the other words: `/paper papers about sparse attention in long context models`');
    expect(long).not.toContain('…');
    // The command it gives is a search that finds papers.
    expect(await consoleScript(runtime, ['/paper papers about sparse attention in long context models'])).toMatch(/\d+ papers? for/);
    // Words that can't be pasted as they are (more Slack markup, a backtick) are not quoted, but the answer still says how.
    const markup = await consoleScript(runtime, ['/paper <@U123> <mailto:a@b.org|a> sparse `attention`']);
    expect(markup).toContain('To search the other words, type them after `/paper` without the mention.');
    expect(markup).not.toContain('mailto');
  });

  it('`/paper @here` (Slack sends <!here>) is not searched for the word "here": the answer says so', async () => {
    const here = await consoleScript(runtime, ['/paper <!here>']);
    expect(here.trim()).toBe('⚠️ A Slack mention (@here) is not searched.');
    const mixed = await consoleScript(runtime, ['/paper <!channel> sparse attention']);
    expect(mixed.trim()).toBe('⚠️ A Slack mention (@channel) is not searched. To search the other words: `/paper sparse attention`');
    const both = await consoleScript(runtime, ['/paper <@U123> <!here> sparse attention']);
    expect(both).toContain('Slack mentions are not searched. For a person\'s papers, use the author filter');
    expect(both).toContain('To search the other words: `/paper sparse attention`');
    expect(both).not.toMatch(/papers? for/);
  });

  it('`/paper saved -1` and `/paper saved bibtex bibtex` get the usage of `/paper saved`, not a search', async () => {
    for (const typed of ['/paper saved -1', '/paper saved bibtex bibtex', '/paper saved 2 bibtex']) {
      const out = await consoleScript(runtime, [typed]);
      expect(out).toContain('`saved` takes `bibtex` and a page number from 1, not "' + typed.slice('/paper saved '.length) + '".');
      expect(out).toContain('Usage: `/paper saved [bibtex] [PAGE]`, for example `/paper saved bibtex 2`');
      expect(out).not.toMatch(/papers? for/);
    }
    expect(await consoleScript(runtime, ['/paper saved model weights'])).toMatch(/papers? for "saved model weights"/);
  });

  it("the README's search examples find papers in the seed corpus `npm start` serves", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const examples = ['/paper sparse attention', '/paper "linear attention" -vision', '/paper sparse attention since:2025-06 upvotes:>=2'];
    for (const example of examples) {
      expect(readme).toContain(`\`${example}\``);
      const out = await consoleScript(runtime, [example]);
      expect(out.split('\n')[0]).toMatch(/^[1-9][\d,]* papers? for /);
    }
    // `/paper help` gives the same examples.
    const help = await consoleScript(runtime, ['/paper help']);
    for (const example of examples.slice(1)) expect(help).toContain(example);
  });
});
