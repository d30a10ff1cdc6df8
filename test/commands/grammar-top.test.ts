import { describe, expect, it } from 'vitest';
import { MAX_TOPIC_LENGTH, parseCommand, type PaperCommand } from '../../src/commands/grammar.ts';

describe('parseCommand: /paper top (issue 18)', () => {
  it.each<[string, PaperCommand]>([
    ['top', { kind: 'top', period: 'week', topic: null }],
    ['TOP', { kind: 'top', period: 'week', topic: null }],
    ['top week', { kind: 'top', period: 'week', topic: null }],
    ['top month', { kind: 'top', period: 'month', topic: null }],
    ['top Monthly', { kind: 'top', period: 'month', topic: null }],
    ['top weekly', { kind: 'top', period: 'week', topic: null }],
    ['top sparse attention', { kind: 'top', period: 'week', topic: 'sparse attention' }],
    ['top week sparse attention', { kind: 'top', period: 'week', topic: 'sparse attention' }],
    ['top month   sparse   attention', { kind: 'top', period: 'month', topic: 'sparse attention' }],
    ['top "week" planning', { kind: 'top', period: 'week', topic: 'week planning' }],
    ['top month "month" effects', { kind: 'top', period: 'month', topic: 'month effects' }],
    ['top "day" trading', { kind: 'top', period: 'week', topic: 'day trading' }],
    ['top 3d gaussian splatting', { kind: 'top', period: 'week', topic: '3d gaussian splatting' }],
    ['top-k sampling', { kind: 'search', query: 'top-k sampling' }],
    ['topology of loss landscapes', { kind: 'search', query: 'topology of loss landscapes' }],
  ])('%j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['top year', /week or the month, not "year"/],
    ['top today', /week or the month, not "today"/],
    ['top all', /week or the month, not "all"/],
    ['top week month', /Give one period/],
    ['top month year sparse attention', /Give one period/],
    ['top "sparse attention', /quote is opened but never closed/],
    [`top week ${'x'.repeat(MAX_TOPIC_LENGTH + 1)}`, /keep it to 200 or fewer/],
  ])('%j is a friendly error with the usage', (input, message) => {
    const command = parseCommand(input);
    expect(command.kind).toBe('invalid');
    if (command.kind !== 'invalid') return;
    expect(command.message).toMatch(message);
    expect(command.message).toContain('/paper top [week|month] [TOPIC]');
  });
});
