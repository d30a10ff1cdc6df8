import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/grammar.ts';
import { parseQuery } from '../../src/search/query.ts';
import { helpMessage, PAPER_COMMANDS } from '../../src/views/help.ts';
import { assertValidMessage } from '../../src/views/limits.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

const allText = (message: { text: string; blocks: readonly unknown[] }): string => JSON.stringify(message);

describe('/paper help documents the filters', () => {
  const message = helpMessage();

  it('names each filter with an example, and stays valid Block Kit', () => {
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const text = allText(message);
    for (const shown of ['author:\\"Tri Dao\\"', 'author:Dao', 'has:code', 'since:2025-06', 'since:2025-06-15', 'upvotes:&gt;20', 'upvotes:20', '-has:code']) {
      expect(text).toContain(shown);
    }
  });

  it('gives examples that are searches with valid filters', () => {
    const filterExamples = PAPER_COMMANDS.filter((command) => /\b(author|has|since|upvotes):/.test(command.example));
    expect(filterExamples.length).toBeGreaterThanOrEqual(2);
    for (const { example } of filterExamples) {
      const command = parseCommand(example.replace(/^\/paper /, ''));
      expect(command.kind).toBe('search');
      if (command.kind !== 'search') continue;
      const parsed = parseQuery(command.query);
      expect(parsed.status, example).toBe('ok');
      expect(parsed.filters.length, example).toBeGreaterThan(0);
    }
  });
});
