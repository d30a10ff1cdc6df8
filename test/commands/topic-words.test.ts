/**
 * What a topic keeps of what was typed (subscribe, subscribe top, top, digest): quoted phrases and `-exclusions` as the
 * search reads them, no Slack mention (`<!here>`, `<@U123>`, `<#C123|x>`) taken for a word, and a `like` without a
 * paper answered with how to subscribe by example. Through runPaperCommand on a real SQLite store.
 */
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/grammar.ts';
import { renderText } from '../../src/local/render-text.ts';
import { createPaperSearch } from '../../src/search/paper-index.ts';
import { COMMAND_WHERE, usePaperCommandRuntime } from '../support/paper-command-harness.ts';

const NOW = new Date('2024-05-27T10:00:00.000Z');

/** A paper with upvotes listed on Hugging Face the day before NOW: on this week's top list. */
const listed = (i: number, title: string, abstract: string) => ({
  title,
  abstract,
  authors: ['Ada Lovelace'],
  authorCount: 1,
  date: '2024-05-20',
  upvotes: 200 - i,
  arxivId: `2405.${String(80001 + i)}`,
  listedOn: '2024-05-26',
});

describe('quoted phrases in a topic', () => {
  const { paper, runtime } = usePaperCommandRuntime({ clock: () => NOW });

  async function listSome(): Promise<void> {
    await runtime().store.upsertPapers([
      listed(0, 'Linear Attention for Long Documents', 'We make linear attention fast on long documents.'),
      listed(1, 'Linear Attention for Vision Transformers', 'Linear attention on images, for vision.'),
      listed(2, 'Attention Is Not Linear', 'A linear probe shows attention heads are not what they seem.'),
    ]);
    runtime().searchState.swap(createPaperSearch(await runtime().store.listPapers()));
  }

  it('`/paper top "linear attention" -vision` keeps the phrase and the exclusion, and says so', async () => {
    await listSome();
    const answer = await paper('top "linear attention" -vision');
    expect(answer).toContain('Top papers this week · "linear attention" -vision');
    expect(answer).toContain('Linear Attention for Long Documents');
    // Both words, but not as the phrase: not on the list; excluded by -vision: not either.
    expect(answer).not.toContain('Attention Is Not Linear');
    expect(answer).not.toContain('Linear Attention for Vision Transformers');
    // Without quotes, the words anywhere are enough.
    expect(await paper('top linear attention -vision')).toContain('Attention Is Not Linear');
    // A phrase no paper of the week has: said as a phrase, not as words to mention.
    expect(await paper('top "attention linear"')).toContain('None of the 3 papers listed this week (May 21 – May 27, 2024) match "attention linear".');
    expect(await paper('top quantum')).toContain('mention every word of quantum.');
  });

  it('a subscription keeps the phrase: its preview, its list line, and the command that starts it again', async () => {
    await listSome();
    const subscribed = await paper('subscribe "linear attention" -vision weekly');
    expect(subscribed).toContain('Subscribed this channel to "linear attention" -vision: every Monday');
    const preview = await paper('digest "linear attention" -vision');
    expect(preview).toContain('Linear Attention for Long Documents');
    expect(preview).not.toContain('Attention Is Not Linear');
    expect(await paper('list')).toContain('"linear attention" -vision —');
    const stopped = await paper('unsubscribe "linear attention" -vision');
    expect(stopped).toContain('`/paper subscribe "linear attention" "-vision" at 09:00 tz UTC every monday`');
  });

  it('a digest saved before phrases were kept is still found when named with the quotes', async () => {
    await runtime().store.upsertSubscription({
      ...COMMAND_WHERE,
      topic: 'linear attention -vision',
      time: '09:00',
      timezone: 'UTC',
      cadence: 'daily',
      kind: 'topic',
      createdBy: COMMAND_WHERE.userId,
      now: NOW,
    });
    expect(await paper('unsubscribe "linear attention" -vision')).toContain('Unsubscribed this channel from linear attention -vision');
  });

  it('quotes around the whole topic only keep it whole, as before: its words are the topic', () => {
    expect(parseCommand('subscribe "things to look at" weekly')).toEqual({ kind: 'subscribe', topic: 'things to look at', cadence: 'weekly' });
    expect(parseCommand('unsubscribe "sparse attention"')).toEqual({ kind: 'unsubscribe', target: 'sparse attention' });
    expect(parseCommand('subscribe "at" scale')).toEqual({ kind: 'subscribe', topic: 'at scale' });
    // `/paper top` has no options after its topic: a quoted run of words is a phrase, as in a search.
    expect(parseCommand('top "linear attention"')).toEqual({ kind: 'top', period: 'week', topic: '"linear attention"' });
  });
});

describe('Slack links in a topic', () => {
  it('an email address Slack linked is the address, as a linked URL is the URL', () => {
    expect(parseCommand('subscribe attention <mailto:a@b.org|a@b.org> weekly')).toEqual({ kind: 'subscribe', topic: 'attention a@b.org', cadence: 'weekly' });
    expect(parseCommand('subscribe attention <https://github.com/x/y|repo>')).toEqual({ kind: 'subscribe', topic: 'attention https://github.com/x/y' });
  });
});

describe('Slack mentions in a topic', () => {
  const { paper, send, runtime } = usePaperCommandRuntime({ clock: () => NOW });

  it.each([
    ['subscribe <!here>', 'That topic holds a Slack mention (@here), not words papers use. Type the words to look for instead, like `/paper subscribe sparse attention`.'],
    ['subscribe top <!here>', 'That topic holds a Slack mention (@here), not words papers use. Type the words to look for instead, like `/paper subscribe top sparse attention`.'],
    ['subscribe top <!channel> diffusion weekly', 'That topic holds a Slack mention (@channel), not words papers use. Without it: `/paper subscribe top diffusion`.'],
    ['top <#C123|general>', 'That topic holds a Slack mention (a channel), not words papers use. Type the words to look for instead, like `/paper top sparse attention`.'],
    ['digest <!everyone> <!here>', 'That topic holds Slack mentions (@everyone and @here), not words papers use.'],
    [
      'subscribe <@U123|tri> sparse attention',
      'That topic holds a Slack mention (a person), not words papers use. Without it: `/paper subscribe sparse attention`. For a person\'s new papers, follow their name as papers write it: `/paper follow "Tri Dao"`.',
    ],
  ])('%j is refused, naming the mention without notifying anyone', async (typed, answer) => {
    const reply = await paper(typed);
    expect(reply).toContain(`⚠️ ${answer}`);
    expect(reply).not.toMatch(/Subscribed|Top papers|Preview/);
    expect(reply).not.toMatch(/<[!@#]/);
    expect(await paper('list')).toContain('This channel has no paper digests yet.');
  });

  it('a digest saved before on a mention is listed without notifying anyone, and can still be stopped by name', async () => {
    await runtime().store.upsertSubscription({ ...COMMAND_WHERE, topic: '<!here>', time: '09:00', timezone: 'UTC', cadence: 'daily', kind: 'topic', createdBy: COMMAND_WHERE.userId, now: NOW });
    const list = await send('list');
    expect(JSON.stringify(list.message)).not.toMatch(/<[!@#]/);
    const stopped = await send('unsubscribe <!here>');
    expect(renderText(stopped.message)).toMatch(/^Unsubscribed this channel from <!here> \(#\d+\)/);
    // mrkdwn escaped; a rich-text command (literal text, never a mention) shows it as it was typed.
    const mrkdwn = [stopped.message.text, ...stopped.message.blocks.filter((block) => block.type !== 'rich_text')];
    expect(JSON.stringify(mrkdwn)).not.toMatch(/<[!@#]/);
  });

  it('no answer to a command holding a mention carries the mention itself (it would notify the channel)', async () => {
    const mentions = ['<!here>', '<!channel>', '<!everyone>', '<@U123>', '<#C123|general>', '<!subteam^S1|@ml>'];
    const commands = ['subscribe', 'subscribe top', 'top', 'top month', 'digest', 'unsubscribe', 'pause', 'resume', 'reset', 'follow', 'unfollow', 'subscirbe', ''];
    await paper('subscribe sparse attention');
    for (const mention of mentions) {
      for (const command of commands) {
        for (const typed of [`${command} ${mention}`, `${command} sparse ${mention} attention weekly`, `${command} ${mention} like`]) {
          const reply = await send(typed.trim());
          expect(JSON.stringify(reply.message), typed).not.toMatch(/<[!@#]/);
        }
      }
    }
    // Nothing was subscribed, paused or followed on the way.
    const list = await paper('list');
    expect(list).toContain('1 digest in this channel');
    expect(list).not.toMatch(/paused|Following/i);
  });
});

describe('example papers past the limit', () => {
  const { paper, runtime } = usePaperCommandRuntime({ clock: () => NOW });

  it('adding papers past 10 says how many it has, that none was added, and how many more fit', async () => {
    await runtime().store.upsertPapers(Array.from({ length: 13 }, (_, i) => listed(i + 10, `Example Paper ${i}`, `About example ${i}.`)));
    const ids = Array.from({ length: 13 }, (_, i) => `2405.${String(80011 + i)}`);
    expect(await paper(`subscribe agents like ${ids.slice(0, 8).join(' ')}`)).toContain('8 example papers added');
    const answer = await paper(`subscribe agents like ${ids.slice(8).join(' ')}`);
    expect(answer).toContain(
      '"agents" already has 8 example papers, and a subscription takes at most 10: with these 5 it would have 13, so none of them was added. Name at most 2 more, or `/paper reset #1` forgets its examples so you can start over. Nothing was saved.',
    );
    expect(await paper('list')).toContain('Like: “Example Paper 0”, “Example Paper 1”, “Example Paper 2” and 5 more');
  });
});
