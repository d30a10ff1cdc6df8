/** `/paper pause|resume <topic|id>`: the grammar (pause-grammar.ts). What the words name is the service's to find. */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/grammar.ts';

describe('/paper pause and resume: grammar', () => {
  it.each([
    ['pause sparse attention', { kind: 'pause', target: 'sparse attention', until: null, words: 'sparse attention' }],
    ['Pause: "sparse attention"', { kind: 'pause', target: 'sparse attention', until: null, words: '"sparse attention"' }],
    ['pause #3', { kind: 'pause', target: '#3', until: null, words: '#3' }],
    ['pause 3', { kind: 'pause', target: '3', until: null, words: '3' }],
    ['pause', { kind: 'pause', target: '', until: null, words: '' }],
    ['pause sparse attention for 3 days', { kind: 'pause', target: 'sparse attention', until: 'for 3 days', words: 'sparse attention for 3 days' }],
    ['pause #3 for a week', { kind: 'pause', target: '#3', until: 'for a week', words: '#3 for a week' }],
    ['pause 3 until 2026-12-24', { kind: 'pause', target: '3', until: 'until 2026-12-24', words: '3 until 2026-12-24' }],
    // Quoted, `for …` is part of the topic.
    ['pause "attention for 3 days"', { kind: 'pause', target: 'attention for 3 days', until: null, words: '"attention for 3 days"' }],
    ['resume sparse attention', { kind: 'resume', target: 'sparse attention', words: 'sparse attention' }],
    ['resume, #3', { kind: 'resume', target: '#3', words: '#3' }],
    ['resume', { kind: 'resume', target: '', words: '' }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text)).toMatchObject(expected);
  });

  it('the search it suggests for the words is a search for the same words, whatever they start with', () => {
    for (const [text, search] of [
      ['pause detection', 'detection pause'],
      ['resume parsing at scale', 'parsing at scale resume'],
      ['pause top models', '"top" models pause'],
      ['pause subscribe: x', '"subscribe:" x pause'],
      ['resume help', '"help" resume'],
    ] as const) {
      const parsed = parseCommand(text);
      const suggested = parsed.kind === 'pause' || parsed.kind === 'resume' ? parsed.searchInstead : null;
      expect(suggested).toBe(search);
      expect(parseCommand(suggested ?? '')).toEqual({ kind: 'search', query: search });
    }
    expect(parseCommand('pause')).toMatchObject({ searchInstead: null });
  });

  it('searches that only start with the letters stay searches', () => {
    expect(parseCommand('pauses in speech')).toEqual({ kind: 'search', query: 'pauses in speech' });
    expect(parseCommand('resumes parsing')).toEqual({ kind: 'search', query: 'resumes parsing' });
  });

  it('an unclosed quote is refused with the usage', () => {
    const parsed = parseCommand('pause "sparse attention');
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' ? parsed.message : '').toContain('Usage: `/paper pause TOPIC|#ID [for N days|for N weeks|until YYYY-MM-DD]`');
  });
});
