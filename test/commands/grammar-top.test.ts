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
    // "this week", "last month": the period, not topic words filtering the list.
    ['top last month', { kind: 'top', period: 'month', topic: null }],
    ['top this week sparse attention', { kind: 'top', period: 'week', topic: 'sparse attention' }],
    ['top past month', { kind: 'top', period: 'month', topic: null }],
    ['top "last" month', { kind: 'top', period: 'week', topic: 'last month' }],
    ['top last mile delivery', { kind: 'top', period: 'week', topic: 'last mile delivery' }],
    ['top 2025', { kind: 'top', period: 'week', topic: '2025' }],
    ['top-k sampling', { kind: 'search', query: 'top-k sampling' }],
    ['topology of loss landscapes', { kind: 'search', query: 'topology of loss landscapes' }],
    ['subscribe top', { kind: 'subscribe', topic: '', top: true }],
    ['subscribe top weekly', { kind: 'subscribe', topic: '', top: true, cadence: 'weekly' }],
    ['subscribe TOP sparse attention', { kind: 'subscribe', topic: 'sparse attention', top: true }],
    [
      'subscribe top sparse attention weekly at 08:00 tz Asia/Tokyo',
      { kind: 'subscribe', topic: 'sparse attention', top: true, cadence: 'weekly', time: '08:00', timezone: 'Asia/Tokyo' },
    ],
    ['subscribe top daily', { kind: 'subscribe', topic: '', top: true, cadence: 'daily' }],
    ['subscribe "top" models', { kind: 'subscribe', topic: 'top models' }],
    ['subscribe topology', { kind: 'subscribe', topic: 'topology' }],
  ])('%j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['top year', /week or the month, not "year"/],
    ['top today', /week or the month, not "today"/],
    ['top all', /week or the month, not "all"/],
    ['top week month', /Give one period/],
    // A count would filter the list to papers with that number in them.
    ['top 10', /always holds the 10 most upvoted papers; it takes no count/],
    ['top 5 papers', /takes no count/],
    ['top month 20', /takes no count/],
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

describe('parseCommand: /paper subscribe top, bad inputs', () => {
  it.each<[string, RegExp]>([
    ['subscribe top month', /always covers the 7 days before each post/],
    ['subscribe top week sparse attention', /always covers the 7 days before each post/],
    ['subscribe top sparse attention at 25:99', /isn't a time/],
    ['subscribe top weekly daily', /how often twice/],
    ['subscribe top 10 weekly', /always holds the 10 most upvoted papers; it takes no count/],
    ['subscribe top last month', /always covers the 7 days before each post/],
  ])('%j', (input, message) => {
    const command = parseCommand(input);
    expect(command.kind).toBe('invalid');
    if (command.kind === 'invalid') expect(command.message).toMatch(message);
  });
});
