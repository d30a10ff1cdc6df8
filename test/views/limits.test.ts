import { describe, expect, it } from 'vitest';
import { assertValidMessage, LIMITS, validateMessage } from '../../src/views/limits.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

const section = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...extra,
});
const button = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'button',
  action_id: 'go',
  text: { type: 'plain_text', text: 'Go' },
  value: 'v',
  ...extra,
});
const overflow = (options: Array<{ text: string; value: string }>): Record<string, unknown> => ({
  type: 'overflow',
  action_id: 'menu',
  options: options.map((o) => ({ text: { type: 'plain_text', text: o.text }, value: o.value })),
});
const context = (count: number): Record<string, unknown> => ({
  type: 'context',
  elements: Array.from({ length: count }, (_, i) => ({ type: 'mrkdwn', text: `item ${i}` })),
});
const actions = (elements: unknown[]): Record<string, unknown> => ({ type: 'actions', elements });
const many = (count: number): Array<Record<string, unknown>> => Array.from({ length: count }, (_, i) => section(`block ${i}`));
const x = (length: number): string => 'x'.repeat(length);

interface Case {
  name: string;
  /** At the limit: must pass. */
  ok: unknown[];
  /** One past the limit: must be reported with a message matching `expect`. */
  bad: unknown[];
  expect: RegExp;
  surface?: 'message' | 'home' | 'modal';
}

const cases: Case[] = [
  { name: 'blocks per message', ok: many(50), bad: many(51), expect: /51 blocks; max 50 per message/ },
  { name: 'blocks per home tab', ok: many(100), bad: many(101), expect: /101 blocks; max 100 per home/, surface: 'home' },
  { name: 'blocks per modal', ok: many(100), bad: many(101), expect: /101 blocks; max 100 per modal/, surface: 'modal' },
  { name: 'section text', ok: [section(x(3000))], bad: [section(x(3001))], expect: /blocks\[0\] \(section\)\.text: text is 3,001 chars; max 3,000/ },
  {
    name: 'section field count',
    ok: [{ type: 'section', fields: Array.from({ length: 10 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
    bad: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }],
    expect: /11 fields; max 10/,
  },
  {
    name: 'section field length',
    ok: [{ type: 'section', fields: [{ type: 'mrkdwn', text: x(2000) }] }],
    bad: [{ type: 'section', fields: [{ type: 'mrkdwn', text: x(2001) }] }],
    expect: /fields\[0\]: text is 2,001 chars; max 2,000/,
  },
  {
    name: 'header length',
    ok: [{ type: 'header', text: { type: 'plain_text', text: x(150) } }],
    bad: [{ type: 'header', text: { type: 'plain_text', text: x(151) } }],
    expect: /header\)\.text: text is 151 chars; max 150/,
  },
  {
    name: 'header must be plain_text',
    ok: [{ type: 'header', text: { type: 'plain_text', text: 'Hi' } }],
    bad: [{ type: 'header', text: { type: 'mrkdwn', text: 'Hi' } }],
    expect: /must be plain_text, got mrkdwn/,
  },
  { name: 'button text', ok: [actions([button({ text: { type: 'plain_text', text: x(75) } })])], bad: [actions([button({ text: { type: 'plain_text', text: x(76) } })])], expect: /\(button\)\.text: text is 76 chars; max 75/ },
  { name: 'button text type', ok: [actions([button()])], bad: [actions([button({ text: { type: 'mrkdwn', text: 'Go' } })])], expect: /must be plain_text, got mrkdwn/ },
  { name: 'button value', ok: [actions([button({ value: x(2000) })])], bad: [actions([button({ value: x(2001) })])], expect: /value is 2,001 chars; max 2,000/ },
  { name: 'button url', ok: [actions([button({ url: `https://e.com/${x(2986)}` })])], bad: [actions([button({ url: `https://e.com/${x(2987)}` })])], expect: /url is 3,001 chars; max 3,000/ },
  { name: 'action_id length', ok: [actions([button({ action_id: x(255) })])], bad: [actions([button({ action_id: x(256) })])], expect: /action_id is 256 chars; max 255/ },
  { name: 'block_id length', ok: [section('a', { block_id: x(255) })], bad: [section('a', { block_id: x(256) })], expect: /block_id is 256 chars; max 255/ },
  {
    name: 'block_id uniqueness',
    ok: [section('a', { block_id: 'one' }), section('b', { block_id: 'two' })],
    bad: [section('a', { block_id: 'one' }), section('b', { block_id: 'one' })],
    expect: /blocks\[1\] \(section\): block_id "one" repeats blocks\[0\]/,
  },
  {
    name: 'action_id uniqueness within a block',
    ok: [actions([button({ action_id: 'a' }), button({ action_id: 'b' })])],
    bad: [actions([button({ action_id: 'a' }), button({ action_id: 'a' })])],
    expect: /action_id "a" repeats/,
  },
  { name: 'context elements', ok: [context(10)], bad: [context(11)], expect: /11 elements; max 10/ },
  {
    name: 'overflow option count',
    ok: [actions([overflow(Array.from({ length: 5 }, (_, i) => ({ text: `o${i}`, value: `v${i}` })))])],
    bad: [actions([overflow(Array.from({ length: 6 }, (_, i) => ({ text: `o${i}`, value: `v${i}` })))])],
    expect: /6 options; max 5/,
  },
  { name: 'overflow option text', ok: [actions([overflow([{ text: x(75), value: 'v' }])])], bad: [actions([overflow([{ text: x(76), value: 'v' }])])], expect: /options\[0\]\.text: text is 76 chars; max 75/ },
  { name: 'overflow option value', ok: [actions([overflow([{ text: 't', value: x(75) }])])], bad: [actions([overflow([{ text: 't', value: x(76) }])])], expect: /option value is 76 chars; max 75/ },
  {
    name: 'actions elements',
    ok: [actions(Array.from({ length: 25 }, (_, i) => button({ action_id: `b${i}` })))],
    bad: [actions(Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` })))],
    expect: /26 elements; max 25/,
  },
  {
    name: 'total message size',
    ok: Array.from({ length: 4 }, () => section(x(2900))),
    bad: Array.from({ length: 5 }, () => section(x(2900))),
    expect: /blocks are 14,\d{3} chars of JSON; max about 13,000/,
  },
  { name: 'empty text', ok: [section('a')], bad: [section('')], expect: /text is empty/ },
  { name: 'blank text', ok: [section('a')], bad: [section('  \n ')], expect: /text is empty/ },
  { name: 'empty context element', ok: [context(1)], bad: [{ type: 'context', elements: [{ type: 'mrkdwn', text: '' }] }], expect: /elements\[0\]: text is empty/ },
  { name: 'text object type', ok: [section('a')], bad: [{ type: 'section', text: { type: 'markdown', text: 'a' } }], expect: /type "markdown" is not plain_text or mrkdwn/ },
  { name: 'section needs content', ok: [section('a')], bad: [{ type: 'section' }], expect: /section needs text or fields/ },
  { name: 'empty actions', ok: [actions([button()])], bad: [actions([])], expect: /actions needs at least one element/ },
  { name: 'block without type', ok: [section('a')], bad: [{ text: 'a' }], expect: /block has no type/ },
  { name: 'button in a section accessory', ok: [section('a', { accessory: button() })], bad: [section('a', { accessory: button({ value: x(2001) }) })], expect: /accessory \(button\): value is 2,001/ },
];

describe('validateMessage', () => {
  for (const c of cases) {
    it(`catches ${c.name}`, () => {
      const surface = c.surface ?? 'message';
      expect(validateMessage(c.ok, { surface })).toEqual([]);
      const violations = validateMessage(c.bad, { surface });
      expect(violations.some((v) => c.expect.test(v)), violations.join('\n')).toBe(true);
    });
  }

  it("agrees with Slack's Block Kit schema: at each limit the schema accepts, one past it the schema refuses", () => {
    // Rules Slack enforces that the schema does not encode (see ../shared/schemas/README.md), and one limit kept
    // stricter than Slack's on purpose (docs/slack-platform.md: option value 75, "safe"; Slack allows 150).
    const notInSchema = new Set(['block_id uniqueness', 'action_id uniqueness within a block', 'total message size', 'blank text', 'overflow option value']);
    const disagreements: string[] = [];
    for (const c of cases) {
      const surface = c.surface ?? 'message';
      const payload = (blocks: unknown[]) =>
        surface === 'message' ? { text: 'fallback', blocks } : { type: surface, blocks, ...(surface === 'modal' ? { title: { type: 'plain_text', text: 'Modal' } } : {}) };
      const okErrors = blockKitErrors(payload(c.ok));
      if (okErrors.length > 0) disagreements.push(`${c.name}: the schema refuses the at-limit case: ${okErrors.join('; ')}`);
      const refused = blockKitErrors(payload(c.bad)).length > 0;
      if (!refused && !notInSchema.has(c.name)) disagreements.push(`${c.name}: the schema accepts the past-limit case`);
      if (refused && notInSchema.has(c.name)) disagreements.push(`${c.name}: the schema does encode it now; drop it from notInSchema`);
    }
    expect(disagreements).toEqual([]);
  });

  it('allows one action_id in different blocks (Slack: unique within the containing block)', () => {
    const blocks = [section('a', { accessory: button({ action_id: 'share' }) }), section('b', { accessory: button({ action_id: 'share' }) })];
    expect(validateMessage(blocks, { surface: 'message' })).toEqual([]);
    expect(validateMessage(blocks, { surface: 'message', actionIdScope: 'message' }).join('\n')).toMatch(/action_id "share" repeats blocks\[0\]/);
  });

  it('does not apply the message size limit to home tabs and modals', () => {
    const blocks = Array.from({ length: 10 }, () => section(x(2900)));
    expect(validateMessage(blocks, { surface: 'home' })).toEqual([]);
    expect(validateMessage(blocks, { surface: 'message' })).not.toEqual([]);
  });

  it('checks the fallback text when given', () => {
    expect(validateMessage([section('a')], { surface: 'message', text: 'ok' })).toEqual([]);
    expect(validateMessage([section('a')], { surface: 'message', text: ' ' })).toEqual(['text: fallback text is empty']);
    expect(validateMessage([section('a')], { surface: 'message', text: x(LIMITS.fallbackText) }).join()).toMatch(/keep it under 4,000/);
  });

  it('reports every violation, not just the first', () => {
    const violations = validateMessage([section(''), { type: 'header', text: { type: 'plain_text', text: x(151) } }, context(11)], { surface: 'message' });
    expect(violations).toHaveLength(3);
  });
});

describe('assertValidMessage', () => {
  it('passes a valid message and throws listing the violations of an invalid one', () => {
    expect(() => assertValidMessage({ text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] })).not.toThrow();
    expect(() => assertValidMessage({ text: '', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: x(3001) } }] })).toThrow(
      /text is 3,001 chars[\s\S]*fallback text is empty/,
    );
  });
});
