import { consoleScript } from '../support/console-script.ts';
import { describe, expect, it } from 'vitest';
import { createLogger, LogLevel } from '../../src/logger.ts';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime.ts';
import { seedPaperSearch } from '../support/test-app.ts';

async function runScript(lines: string[]): Promise<string> {
  const runtime = await openRuntime(loadConfig({ DATABASE_URL: 'sqlite::memory:' }), createLogger({ level: LogLevel.ERROR }));
  runtime.searchState.swap(await seedPaperSearch());
  const out = await consoleScript(runtime, lines);
  await runtime.close();
  return out;
}

describe('local console', () => {
  it('answers /paper sparse attention with readable text and ends at end of input', async () => {
    const out = await runScript(['/paper sparse attention']);
    expect(out).toMatch(/papers for "sparse attention"/);
    expect(out).toMatch(/Sparse Attention/);
    expect(out).toContain('[Show more]');
    expect(out).not.toMatch(/&lt;|&amp;|<https?:/);
  });

  it('takes bare words too, pages with `more`, and stops at `exit`', async () => {
    const out = await runScript(['sparse attention', 'more', 'exit', '/paper help']);
    expect(out).toMatch(/Showing 1–5 of/);
    expect(out).toMatch(/Showing 6–10 of/);
    expect(out).not.toMatch(/subscribe/i);
  });

  it('stops at `/quit` and `/exit` too, as a chat client\'s command is typed', async () => {
    for (const quit of ['/quit', '/exit']) {
      const out = await runScript(['sparse attention', quit, '/paper help']);
      expect(out).toMatch(/Showing 1–5 of/);
      expect(out).not.toMatch(/did you mean|Paper search: \/paper/);
    }
  });

  it('shows help for `/paper help` and for a bare `/paper`', async () => {
    const out = await runScript(['/paper help', '/paper']);
    expect(out.match(/Paper search: \/paper/g)?.length).toBe(2);
  });

  it('explains instead of failing on hostile or empty queries', async () => {
    const out = await runScript(['/paper *', '/paper title:', 'more']);
    expect(out).toMatch(/no words to search for/i);
    expect(out).not.toMatch(/Error|at .*\.ts:\d+/);
  });

  it('`save N` presses Save on the Nth paper shown, `saved` lists it and `saved bibtex` gives its entry', async () => {
    const out = await runScript(['save 1', '/paper Hydra draft heads Medusa', 'save 1', 'save 1', 'save 99', 'saved', 'saved bibtex']);
    expect(out).toContain('Nothing to save yet');
    expect(out).toContain('`save N` saves the Nth paper above');
    expect(out).toMatch(/Saved Hydra: Sequentially-Dependent Draft Heads/);
    expect(out).toMatch(/Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding is already saved/);
    expect(out).toMatch(/Pick a paper from 1 to \d+/);
    expect(out).toContain('Your 1 saved paper');
    expect(out).toMatch(/@article\{\w+,\n  title = \{Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding\}/);
  });

  it('the answer to `save N` points to what the console has (`/paper saved`), not to a Home tab it lacks', async () => {
    const out = await runScript(['/paper Hydra draft heads Medusa', 'save 1', 'save 1']);
    const answers = out.split('\n').filter((line) => line.includes('Your saved papers:'));
    expect(answers).toHaveLength(2);
    for (const line of answers) {
      expect(line).toContain('`/paper saved`');
      expect(line).toContain('`/paper saved bibtex`');
      expect(line).not.toMatch(/Home/i);
    }
  });
});
