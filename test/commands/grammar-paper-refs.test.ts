import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/grammar.ts';

describe('/paper <arXiv id|link> and /paper similar <arXiv id|link> (grammar)', () => {
  it('a query made only of papers names them: ids, arXiv: prefixes, old-style ids, links in Slack markup, separators', () => {
    expect(parseCommand('2502.11089')).toEqual({ kind: 'papers', ids: ['2502.11089'] });
    expect(parseCommand('arXiv:2502.11089v2, hep-th/9901001 and <https://huggingface.co/papers/2401.04088|HF>')).toEqual({
      kind: 'papers',
      ids: ['2502.11089', 'hep-th/9901001', '2401.04088'],
    });
    expect(parseCommand('https://arxiv.org/abs/2502.11089 https://arxiv.org/pdf/2502.11089v3')).toEqual({ kind: 'papers', ids: ['2502.11089'] });
  });

  it('`similar` and one paper: papers like it; `similar` and words: a search', () => {
    expect(parseCommand('similar https://www.alphaxiv.org/abs/2502.11089')).toEqual({ kind: 'similar', id: '2502.11089' });
    expect(parseCommand('Similar <https://arxiv.org/abs/2502.11089>')).toEqual({ kind: 'similar', id: '2502.11089' });
    expect(parseCommand('similar image retrieval')).toEqual({ kind: 'search', query: 'similar image retrieval' });
  });

  it('`similar` alone says it needs a paper (it listed 27 papers with the word "similar"); quoted, the word is searched', () => {
    const alone = parseCommand('similar');
    expect(alone.kind).toBe('invalid');
    expect(alone.kind === 'invalid' ? alone.message : '').toBe(
      '`/paper similar` needs the paper to start from: `/paper similar 2502.11089` (an arXiv id or a paper link), or press Similar under any paper. To search for the word, quote it: `/paper "similar"`.',
    );
    expect(parseCommand('  SIMILAR ').kind).toBe('invalid');
    expect(parseCommand('"similar"')).toEqual({ kind: 'search', query: '"similar"' });
  });

  it('refusals say what to type: two papers for similar, a link that names no paper, more than three papers, a link among words', () => {
    const message = (text: string): string => {
      const command = parseCommand(text);
      if (command.kind !== 'invalid') throw new Error(`${text}: ${command.kind}`);
      return command.message;
    };
    expect(message('similar 2502.11089 2401.04088')).toMatch(/One paper at a time: `\/paper similar 2502\.11089`/);
    expect(message('https://github.com/foo/bar')).toMatch(/not an arXiv id or a paper link/);
    expect(message('2502.11089 2502.11090 2502.11091 2502.11092')).toMatch(/4 papers: I show up to 3/);
    expect(message('kv cache https://arxiv.org/abs/2502.11089')).toMatch(/^2502\.11089 is a paper, not a search word/);
    expect(message('similar https://arxiv.org/abs/2502.11089 please')).toMatch(/^2502\.11089 is a paper, not a search word/);
  });

  it('a paper link among words: the answer gives the search of the other words, ready to paste (it said "words alone search")', () => {
    const message = (text: string): string => {
      const command = parseCommand(text);
      return command.kind === 'invalid' ? command.message : `${text}: ${command.kind}`;
    };
    expect(message('kv cache https://arxiv.org/abs/2502.11089')).toBe(
      '2502.11089 is a paper, not a search word: `/paper 2502.11089` shows it, `/paper similar 2502.11089` finds papers like it, and `/paper kv cache` searches the other words.',
    );
    expect(message('similar <https://arxiv.org/abs/2502.11089> long context')).toContain('and `/paper long context` searches the other words.');
    // Words a code span can't hold whole are not offered to paste.
    expect(message('kv `cache` https://arxiv.org/abs/2502.11089')).toContain('finds papers like it, and words alone search.');
  });

  it('two papers among words (ids written whole, or links) are offered together, and the words as a search', () => {
    const message = (text: string): string => {
      const command = parseCommand(text);
      return command.kind === 'invalid' ? command.message : `${text}: ${command.kind}`;
    };
    const together =
      '2502.11089 and 2502.11090 are papers, not search words: `/paper 2502.11089 2502.11090` shows them together, `/paper similar 2502.11089` finds papers like one, and `/paper compare` searches the other words.';
    expect(message('2502.11089 2502.11090 compare')).toBe(together);
    expect(message('https://arxiv.org/abs/2502.11089 https://arxiv.org/abs/2502.11090 compare')).toBe(together);
    expect(message('compare https://arxiv.org/abs/2502.11089 2502.11090')).toBe(together);
    expect(message('2502.11089 2502.11090 2502.11091 2502.11092 x')).toContain('`/paper 2502.11089 2502.11090 2502.11091` shows the first 3,');
  });

  it('words that only look like numbers stay searches', () => {
    expect(parseCommand('2025.1 results')).toEqual({ kind: 'search', query: '2025.1 results' });
    expect(parseCommand('table 2502.11089')).toEqual({ kind: 'search', query: 'table 2502.11089' });
    expect(parseCommand('gpt-4 vs llama 3.1')).toEqual({ kind: 'search', query: 'gpt-4 vs llama 3.1' });
    expect(parseCommand('https://github.com/foo/bar attention')).toEqual({ kind: 'search', query: 'https://github.com/foo/bar attention' });
  });
});

describe('a paper written in code formatting or brackets (as the bot itself shows ids: `2502.11089`)', () => {
  it('names the paper, for /paper, /paper similar and subscribe … like, instead of subscribing to the words "like `2502.11089`"', () => {
    expect(parseCommand('`2502.11089`')).toEqual({ kind: 'papers', ids: ['2502.11089'] });
    expect(parseCommand('similar `arXiv:2502.11089v2`')).toEqual({ kind: 'similar', id: '2502.11089' });
    expect(parseCommand('subscribe like `2502.11089`')).toEqual({ kind: 'subscribe', topic: '', examples: ['2502.11089'] });
    expect(parseCommand('subscribe diffusion like `2502.11089` (2401.04088) [hep-th/9901001]')).toEqual({
      kind: 'subscribe',
      topic: 'diffusion',
      examples: ['2502.11089', '2401.04088', 'hep-th/9901001'],
    });
    expect(parseCommand('subscribe like `https://arxiv.org/abs/2502.11089`')).toEqual({ kind: 'subscribe', topic: '', examples: ['2502.11089'] });
    // Words in code formatting stay words.
    expect(parseCommand('`attention`')).toEqual({ kind: 'search', query: '`attention`' });
  });

  it('takes them in a list with commas or semicolons after the code formatting, as the ids are written in a sentence', () => {
    expect(parseCommand('subscribe diffusion like `2502.11089`, `2401.04088`')).toEqual({ kind: 'subscribe', topic: 'diffusion', examples: ['2502.11089', '2401.04088'] });
    expect(parseCommand('subscribe like [2502.11089]; `hep-th/9901001`')).toEqual({ kind: 'subscribe', topic: '', examples: ['2502.11089', 'hep-th/9901001'] });
    expect(parseCommand('`2502.11089`, `2401.04088`')).toEqual({ kind: 'papers', ids: ['2502.11089', '2401.04088'] });
    expect(parseCommand('similar `2502.11089`,')).toEqual({ kind: 'similar', id: '2502.11089' });
  });
});
