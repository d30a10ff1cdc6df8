import { describe, expect, it } from 'vitest';
import type { KnownBlock, SectionBlock } from '@slack/types';
import { renderText } from '../../src/local/render-text.ts';
import { assertValidMessage, LIMITS, validateMessage } from '../../src/views/limits.ts';
import type { Message } from '../../src/views/message.ts';
import { notSubscribedMessage, subscribedMessage, unsubscribedMessage, type SubscribedInput } from '../../src/views/subscriptions.ts';
import { LIST_MAX_SECTIONS, subscriptionListMessage, type SubscriptionListItem } from '../../src/views/subscription-list.ts';
import { channelRatingsResetMessage, resetDoneMessage } from '../../src/views/reset-answers.ts';
import { pausedReasonText } from '../../src/views/pause-reasons.ts';
import { controls, EVIL, hasLoneSurrogate, renderedStrings, richTextLeaves } from './fixtures.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

const isSection = (block: KnownBlock): block is SectionBlock => block.type === 'section';
const sectionTexts = (message: Message): string[] => message.blocks.filter(isSection).map((b) => b.text?.text ?? '');
const itemSections = (message: Message): SectionBlock[] =>
  message.blocks.filter(isSection).filter((b) => b.block_id?.startsWith('subscription:'));
const contextTexts = (message: Message): string[] =>
  message.blocks.flatMap((b) => (b.type === 'context' ? b.elements.flatMap((e) => (e.type === 'mrkdwn' ? [e.text] : [])) : []));
const allText = (message: Message): string => renderedStrings(message).join('\n');

const EVIL_TOPIC = `<!channel> <@U1> <http://x|y> & *bold* 🚀👩‍👩‍👧‍👦 ${EVIL} ${'topic '.repeat(40)}`.slice(0, 200);

/** No untrusted mention, channel, subteam or link survives into any rendered text: these views make no controls. */
function expectNoInjection(message: Message): void {
  for (const text of renderedStrings(message)) {
    expect(text).not.toContain('<!channel>');
    expect(text).not.toMatch(/<@U/);
    expect(text).not.toMatch(/<#C/);
    expect(text).not.toMatch(/<!subteam/);
    expect(text).not.toMatch(/<http/);
    expect(controls(text)).toEqual([]);
    expect(hasLoneSurrogate(text)).toBe(false);
  }
  // A command to paste is rich text: only plain text leaves (no mention, broadcast or link element), no control characters.
  for (const leaf of richTextLeaves(message)) {
    expect(leaf.type).toBe('text');
    expect(leaf.text ?? '').not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
    expect(hasLoneSurrogate(leaf.text ?? '')).toBe(false);
  }
}

const subscribed = (overrides: Partial<SubscribedInput> = {}): SubscribedInput => ({
  topic: 'sparse attention',
  created: true,
  changed: false,
  scheduleText: 'every day at 09:00 UTC',
  nextRunText: 'Tue 09:00 UTC',
  matchingNow: 7,
  subscriptionId: 12,
  ...overrides,
});

const HINT = "`/paper list` shows this channel's digests · `/paper unsubscribe &lt;topic&gt;` stops one";

describe('subscribedMessage', () => {
  it('confirms a new subscription with schedule, next run, id and how many papers match', () => {
    const message = subscribedMessage(subscribed());
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(sectionTexts(message)).toEqual([
      '✅ Subscribed this channel to *sparse attention*: every day at 09:00 UTC. Next digest: Tue 09:00 UTC. (subscription #12)\n' +
        '7 papers have every word of *sparse attention* today.',
    ]);
    expect(contextTexts(message)).toEqual([HINT]);
    expect(message.text).toContain('Subscribed this channel to *sparse attention*');
  });

  it('says what changed for an existing subscription, or that nothing did', () => {
    const changed = subscribedMessage(subscribed({ created: false, changed: true, scheduleText: 'every weekday at 08:30 Europe/Berlin', nextRunText: 'Wed 08:30 Europe/Berlin', matchingNow: 1 }));
    assertValidMessage(changed);
    expect(blockKitErrors(changed)).toEqual([]);
    expect(sectionTexts(changed)[0]).toBe(
      'This channel is already subscribed to *sparse attention*. Updated: every weekday at 08:30 Europe/Berlin; next digest Wed 08:30 Europe/Berlin. (subscription #12)\n' +
        '1 paper has every word of *sparse attention* today.',
    );
    const same = subscribedMessage(subscribed({ created: false, changed: false }));
    assertValidMessage(same);
    expect(blockKitErrors(same)).toEqual([]);
    expect(sectionTexts(same)[0]).toMatch(
      /^This channel is already subscribed to \*sparse attention\* \(every day at 09:00 UTC\)\. Next digest: Tue 09:00 UTC\. \(subscription #12\)\n/,
    );
  });

  it('warns when no paper matches the topic yet', () => {
    const message = subscribedMessage(subscribed({ matchingNow: 0 }));
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(sectionTexts(message)[0]).toContain(
      "\n:warning: No paper has every word of *sparse attention* today. I'll keep looking, and the digest will post when papers do. Try `/paper sparse attention` to check the wording.",
    );
    expect(sectionTexts(message)[0]).not.toMatch(/\d+ papers? match/);
  });

  it('escapes a hostile topic and schedule text', () => {
    for (const [matchingNow, besidesExamples] of [[0, false], [3, false], [0, true], [3, true]] as const) {
      const message = subscribedMessage(
        subscribed({ topic: EVIL_TOPIC, scheduleText: `${EVIL} daily`, nextRunText: EVIL.repeat(20), matchingNow, besidesExamples, subscriptionId: Number.NaN }),
      );
      expect(validateMessage(message.blocks, { surface: 'message', text: message.text })).toEqual([]);
      expect(blockKitErrors(message)).toEqual([]);
      expectNoInjection(message);
      expect(sectionTexts(message)[0]).toContain('&lt;!channel&gt; &lt;@U1&gt; &lt;http://x|y&gt; &amp; ∗bold∗ 🚀');
      expect(sectionTexts(message)[0]).toContain('(subscription #?)');
    }
  });

  it('renders readably as text', () => {
    const out = renderText(subscribedMessage(subscribed({ matchingNow: 0 })));
    expect(out).toContain('✅ Subscribed this channel to sparse attention: every day at 09:00 UTC. Next digest: Tue 09:00 UTC. (subscription #12)');
    expect(out).toContain('No paper has every word of sparse attention today.');
    expect(out).toContain('`/paper unsubscribe <topic>` stops one');
  });
});

const item = (overrides: Partial<SubscriptionListItem> = {}): SubscriptionListItem => ({
  id: 12,
  topic: 'sparse attention',
  scheduleText: 'every weekday at 09:00 Europe/Berlin',
  nextRunText: 'Tue 09:00 Europe/Berlin',
  pausedReason: null,
  lastDigest: { atText: 'Mon 09:00', status: 'posted', paperCount: 5 },
  ...overrides,
});

describe('subscriptionListMessage', () => {
  it('explains how to start when the channel has none', () => {
    const message = subscriptionListMessage({ items: [] });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(sectionTexts(message)).toEqual(['This channel has no paper digests yet. Start one with `/paper subscribe sparse attention`.']);
    expect(message.text).toBe('This channel has no paper digests yet. Start one with `/paper subscribe sparse attention`.');
  });

  it('lists each digest with schedule, next run, last digest and pause reason', () => {
    const message = subscriptionListMessage({
      items: [
        item(),
        item({ id: 13, topic: 'speculative decoding', scheduleText: 'every day at 07:00 UTC', nextRunText: 'Tue 07:00 UTC', lastDigest: { atText: 'Mon 07:00', status: 'nothing_new' } }),
        item({ id: 14, topic: 'kv cache', lastDigest: null }),
        item({ id: 15, topic: 'moe', nextRunText: null, pausedReason: 'not_in_channel', lastDigest: { atText: 'Sun 09:00', status: 'failed: not_in_channel' } }),
        item({ id: 16, topic: 'rlhf', lastDigest: { atText: 'Mon 09:00', status: 'skipped' } }),
        item({ id: 17, topic: 'diffusion', lastDigest: { atText: 'Mon 09:00', status: 'posted' } }),
      ],
    });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(sectionTexts(message)).toEqual([
      '*6 digests in this channel*',
      '*#12 sparse attention* — every weekday at 09:00 Europe/Berlin\nNext: Tue 09:00 Europe/Berlin · Last digest: Mon 09:00 — 5 papers posted',
      '*#13 speculative decoding* — every day at 07:00 UTC\nNext: Tue 07:00 UTC · Last digest: Mon 07:00 — nothing new',
      '*#14 kv cache* — every weekday at 09:00 Europe/Berlin\nNext: Tue 09:00 Europe/Berlin · No digest yet',
      "*#15 moe* — every weekday at 09:00 Europe/Berlin\nLast digest: Sun 09:00 — failed (not_in_channel)\n⏸ Paused: I'm not in this channel: `/invite @paper`",
      '*#16 rlhf* — every weekday at 09:00 Europe/Berlin\nNext: Tue 09:00 Europe/Berlin · Last digest: Mon 09:00 — skipped (too late to send)',
      '*#17 diffusion* — every weekday at 09:00 Europe/Berlin\nNext: Tue 09:00 Europe/Berlin · Last digest: Mon 09:00 — posted',
    ]);
    expect(allText(message)).not.toContain('more');
    expect(message.text).toMatch(/^6 digests in this channel: #12 sparse attention \(every weekday at 09:00 Europe\/Berlin\); /);
    expect(message.text).toContain('#15 moe (every weekday at 09:00 Europe/Berlin, paused)');
    const one = subscriptionListMessage({ items: [item()] });
    expect(sectionTexts(one)[0]).toBe('*1 digest in this channel*');
  });

  it('maps pause reasons to words and escapes unknown ones', () => {
    expect(pausedReasonText('not_in_channel')).toBe("I'm not in this channel: `/invite @paper`");
    expect(pausedReasonText('channel_not_found')).toBe("I can't see this channel (private? `/invite @paper`)");
    expect(pausedReasonText('is_archived')).toBe('the channel is archived');
    for (const reason of ['workspace_inactive', 'token_revoked', 'invalid_auth', 'account_inactive']) {
      expect(pausedReasonText(reason)).toBe('the app was uninstalled or its token revoked');
    }
    expect(pausedReasonText('ratelimited <!channel> & *x*')).toBe('ratelimited &lt;!channel&gt; &amp; ∗x∗');
    // Every reason a failed digest post pauses for (src/slack/digest-poster.ts) reads as words, not as Slack's code.
    expect(pausedReasonText('missing_scope')).toBe('the app is missing a permission it needs (reinstall it)');
    expect(pausedReasonText('team_disabled')).toBe('the workspace was disabled');
    const message = subscriptionListMessage({ items: [item({ pausedReason: 'is_archived' })] });
    expect(itemSections(message)[0]?.text?.text).toContain('\n⏸ Paused: the channel is archived');
  });

  it('fits 200 realistic subscriptions: at most 45 sections, the rest counted', () => {
    const items = Array.from({ length: 200 }, (_, i) => item({ id: i + 1, topic: `topic number ${i + 1}` }));
    const message = subscriptionListMessage({ items });
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    const shown = itemSections(message).length;
    expect(shown).toBeGreaterThan(30);
    expect(shown).toBeLessThanOrEqual(LIST_MAX_SECTIONS);
    expect(sectionTexts(message)[0]).toBe('*200 digests in this channel*');
    expect(contextTexts(message)).toContain(`…and ${200 - shown} more`);
    expect(itemSections(message)[0]?.text?.text).toMatch(/^\*#1 topic number 1\* — /);
    expect(message.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
    expect(message.text.length).toBeLessThan(LIMITS.fallbackText);
  });

  it('survives 200 hostile subscriptions within every limit, showing fewer and counting the rest', () => {
    const items = Array.from({ length: 200 }, (_, i) =>
      item({
        id: i,
        topic: EVIL_TOPIC,
        scheduleText: `${EVIL} ${'x'.repeat(500)}`,
        nextRunText: EVIL.repeat(10),
        pausedReason: i % 2 === 0 ? `${EVIL} ${'r'.repeat(1000)}` : 'token_revoked',
        lastDigest: { atText: EVIL, status: `failed: ${EVIL} ${'f'.repeat(1000)}`, paperCount: -1 },
      }),
    );
    const message = subscriptionListMessage({ items });
    expect(validateMessage(message.blocks, { surface: 'message', text: message.text })).toEqual([]);
    expect(blockKitErrors(message)).toEqual([]);
    expectNoInjection(message);
    const shown = itemSections(message).length;
    expect(shown).toBeGreaterThanOrEqual(1);
    expect(contextTexts(message)).toContain(`…and ${200 - shown} more`);
    for (const section of itemSections(message)) expect((section.text?.text ?? '').startsWith('*#')).toBe(true);
  });

  it('renders readably as text', () => {
    const out = renderText(subscriptionListMessage({ items: [item(), item({ id: 15, topic: 'moe', pausedReason: 'channel_not_found' })] }));
    expect(out).toContain('2 digests in this channel');
    expect(out).toContain('#12 sparse attention — every weekday at 09:00 Europe/Berlin\nNext: Tue 09:00 Europe/Berlin · Last digest: Mon 09:00 — 5 papers posted');
    expect(out).toContain("⏸ Paused: I can't see this channel (private? `/invite @paper`)");
    expect(out).toContain('`/paper unsubscribe <topic|id>` stops one');
  });
});

describe('unsubscribedMessage / notSubscribedMessage', () => {
  it('confirms an unsubscribe', () => {
    const message = unsubscribedMessage('sparse attention', 12, '/paper subscribe "sparse attention" at 09:00 tz UTC daily');
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expect(sectionTexts(message)).toEqual(["Unsubscribed this channel from *sparse attention* (#12). Papers it already got won't be sent again if you subscribe later."]);
    expect(richTextLeaves(message)).toEqual([
      { type: 'text', text: 'To start it again as it was: ' },
      { type: 'text', text: '/paper subscribe "sparse attention" at 09:00 tz UTC daily', style: { code: true } },
    ]);
    expect(message.text).toBe(`${sectionTexts(message)[0]}\nTo start it again as it was: \`/paper subscribe "sparse attention" at 09:00 tz UTC daily\``);
  });

  it('gives the command to paste exactly as it must be typed, a backtick or mrkdwn marker in the topic included', () => {
    const again = '/paper subscribe "a`b *c* _d_ ~e~ &lt; <!channel>" at 09:00 tz UTC every monday';
    const message = unsubscribedMessage('a`b *c* _d_ ~e~ &lt; <!channel>', 4, again);
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expectNoInjection(message);
    expect(richTextLeaves(message).at(-1)).toEqual({ type: 'text', text: again, style: { code: true } });
    const reset = resetDoneMessage({ name: 'a`b', subscriptionId: 4, examplesCleared: 1, examplesKept: 0, ratingsCleared: 0 }, { titles: ['P'], restore: '/paper subscribe "a`b" like 2510.02283 at 09:00 tz UTC daily' });
    assertValidMessage(reset);
    expect(blockKitErrors(reset)).toEqual([]);
    expect(richTextLeaves(reset)).toEqual([
      { type: 'text', text: 'To add it back: ' },
      { type: 'text', text: '/paper subscribe "a`b" like 2510.02283 at 09:00 tz UTC daily', style: { code: true } },
    ]);
    // A terminal shows it as it is too.
    expect(renderText(message)).toContain(`To start it again as it was: \`${again}\``);
  });

  it("names the channel's digests when the target is not one of them", () => {
    const digests = [
      { id: 1, name: 'sparse attention' },
      { id: 4, name: 'kv cache' },
      { id: 7, name: 'moe' },
    ];
    const some = notSubscribedMessage('sprase attention', digests);
    assertValidMessage(some);
    expect(blockKitErrors(some)).toEqual([]);
    expect(sectionTexts(some)).toEqual(['This channel has no digest for *sprase attention*.\nIts digests: #1 sparse attention, #4 kv cache, #7 moe']);
    const none = notSubscribedMessage('sparse attention', []);
    assertValidMessage(none);
    expect(blockKitErrors(none)).toEqual([]);
    expect(sectionTexts(none)).toEqual(['This channel has no digests, so there is nothing to unsubscribe from. `/paper subscribe &lt;topic&gt;` starts one.']);
    // A number names a digest by its id: "no digest for 5" would read as a topic.
    expect(sectionTexts(notSubscribedMessage('#5', digests))[0]).toMatch(/^This channel has no digest #5\./);
    expect(sectionTexts(notSubscribedMessage('5', digests))[0]).toMatch(/^This channel has no digest #5\./);
    expect(sectionTexts(notSubscribedMessage('#1', []))[0]).toMatch(/^This channel has no digests, so there is nothing to unsubscribe from\./);
    // `/paper unsubscribe top` in a channel whose top list is on a topic: not "no digest for *top*".
    expect(sectionTexts(notSubscribedMessage('top', [{ id: 2, name: 'top attention' }]))).toEqual([
      'This channel has no \u{1F525} top list of all papers (one without a topic).\nIts digests: #2 top attention',
    ]);
  });

  it('a reset names the forgotten example papers (escaped), the command adding them back, and that ratings stay forgotten', () => {
    const message = resetDoneMessage(
      { name: EVIL_TOPIC, subscriptionId: 3, examplesCleared: 2, examplesKept: 0, ratingsCleared: 3 },
      { titles: [EVIL_TOPIC, 'Paper B'], restore: `/paper subscribe "${EVIL_TOPIC}" like 2510.02283 2401.04088 at 09:00 tz UTC daily` },
    );
    assertValidMessage(message);
    expect(blockKitErrors(message)).toEqual([]);
    expectNoInjection(message);
    expect(message.text).toMatch(/^Reset "[^\n]*": forgot 2 example papers and 3 ratings\. Its digests follow the topic alone again\.\n/);
    expect(message.text).toMatch(/\nForgotten example papers: “[^\n]*”, “Paper B”\.\nThe 3 ratings can't be brought back\.\n/);
    expect(message.text).toMatch(/\nTo add them back: `\/paper subscribe [^\n]* like 2510\.02283 2401\.04088 at 09:00 tz UTC daily`$/);
  });

  it('escapes hostile topics and stays within limits with many of them', () => {
    const unsub = unsubscribedMessage(EVIL_TOPIC, 3, `/paper subscribe "${EVIL_TOPIC}" at 09:00 tz UTC daily`);
    assertValidMessage(unsub);
    expect(blockKitErrors(unsub)).toEqual([]);
    expectNoInjection(unsub);
    const many = notSubscribedMessage(EVIL_TOPIC.repeat(30), Array.from({ length: 200 }, (_, i) => ({ id: i + 1, name: EVIL_TOPIC })));
    assertValidMessage(many);
    expect(blockKitErrors(many)).toEqual([]);
    expectNoInjection(many);
    expect(sectionTexts(many)[0]).toMatch(/, and 180 more$/);
    // A terminal shows the topic as typed (Slack gets look-alikes instead of its markers: see the sections above).
    expect(renderText(unsub)).toContain('Unsubscribed this channel from <!channel> <@U1> <http://x|y> & *bold*');
  });
});

describe('ratings given outside digests: the /paper list line and /paper reset ratings', () => {
  it('the list counts them, with or without digests, and names how to forget them; none: no line', () => {
    const item: SubscriptionListItem = { id: 3, topic: 'rlhf', scheduleText: 'every day at 09:00 UTC', nextRunText: 'Tue 09:00 UTC', pausedReason: null, lastDigest: null };
    const lineOf = (message: Message): string => JSON.stringify(message.blocks.find((b) => b.block_id === 'subscriptions_ratings') ?? null);
    const many = subscriptionListMessage({ items: [item], untaggedRatings: 1234 });
    assertValidMessage(many);
    expect(lineOf(many)).toContain('1,234 ratings given outside digests (search results, shared papers, link cards, top lists, stopped digests) shape every search and digest of this channel · `/paper reset ratings` forgets them');
    const alone = subscriptionListMessage({ items: [], untaggedRatings: 1 });
    assertValidMessage(alone);
    expect(lineOf(alone)).toContain("1 rating given outside digests (search results, shared papers, link cards, top lists, stopped digests) shapes this channel's searches (and its digests, once it has some)");
    expect(lineOf(subscriptionListMessage({ items: [item], untaggedRatings: 0 }))).toBe('null');
    // The fullest list still fits with the line.
    const full = subscriptionListMessage({ items: Array.from({ length: 200 }, (_, i) => ({ ...item, id: i + 1, topic: `${EVIL} ${i}` })), untaggedRatings: 5, unfurlLinks: true });
    assertValidMessage(full);
    expect(blockKitErrors(full)).toEqual([]);
    expect(lineOf(full)).toContain('5 ratings given outside digests');
  });

  it('the reset answer says how many were forgotten, what stays and what to do next; nothing to forget says so', () => {
    const forgot = channelRatingsResetMessage(7);
    assertValidMessage(forgot);
    expect(blockKitErrors(forgot)).toEqual([]);
    expect(forgot.text).toBe(
      "Forgot 7 ratings given in this channel outside digests (search results, shared papers, link cards, top lists, stopped digests). Its digests no longer learn from them, and papers they rated may be offered again unless the channel already got them. Ratings clicked on a digest stay: `/paper reset &lt;topic&gt;` forgets a subscription's.",
    );
    expect(channelRatingsResetMessage(1).text).toMatch(/^Forgot 1 rating given/);
    const nothing = channelRatingsResetMessage(0);
    assertValidMessage(nothing);
    expect(nothing.text).toMatch(/^This channel has no ratings given outside digests: nothing to forget\./);
  });
});

