/**
 * `/paper subscribe [topic] like <paper> …`, `/paper reset <topic>` and feeds named by their papers (issue 16):
 * the grammar half. Finding the papers (corpus, then Hugging Face/arXiv) is the service's, tested end to end in
 * test/digests/example-subscriptions.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { MAX_EXAMPLES } from '../../src/commands/example-refs.ts';
import { parseCommand, type PaperCommand } from '../../src/commands/grammar.ts';

const invalidMessage = (input: string): string => {
  const result = parseCommand(input);
  if (result.kind !== 'invalid') throw new Error(`expected invalid for ${JSON.stringify(input)}, got ${JSON.stringify(result)}`);
  return result.message;
};

describe('subscribe … like <paper>', () => {
  it.each<[string, PaperCommand]>([
    ['subscribe sparse attention like 2502.11089', { kind: 'subscribe', topic: 'sparse attention', examples: ['2502.11089'] }],
    ['subscribe sparse attention LIKE 2502.11089v3', { kind: 'subscribe', topic: 'sparse attention', examples: ['2502.11089'] }],
    ['subscribe like 2502.11089 2401.04088', { kind: 'subscribe', topic: '', examples: ['2502.11089', '2401.04088'] }],
    ['subscribe like arXiv:2502.11089, 2401.04088v1', { kind: 'subscribe', topic: '', examples: ['2502.11089', '2401.04088'] }],
    ['subscribe like 2502.11089 and 2401.04088', { kind: 'subscribe', topic: '', examples: ['2502.11089', '2401.04088'] }],
    ['subscribe like hep-th/9901001 math.GT/0309136', { kind: 'subscribe', topic: '', examples: ['hep-th/9901001', 'math/0309136'] }],
    [
      'subscribe agents like https://arxiv.org/abs/2502.11089v2 https://arxiv.org/pdf/2401.04088.pdf',
      { kind: 'subscribe', topic: 'agents', examples: ['2502.11089', '2401.04088'] },
    ],
    [
      'subscribe agents like https://huggingface.co/papers/2502.11089 https://www.alphaxiv.org/abs/2401.04088v2 hf.co/papers/2312.00752',
      { kind: 'subscribe', topic: 'agents', examples: ['2502.11089', '2401.04088', '2312.00752'] },
    ],
    // Slack's link markup, with and without a label (labels may hold spaces).
    [
      'subscribe agents like <https://arxiv.org/abs/2502.11089|arxiv.org/abs/2502.11089> <https://huggingface.co/papers/2401.04088|Mixtral of Experts paper>',
      { kind: 'subscribe', topic: 'agents', examples: ['2502.11089', '2401.04088'] },
    ],
    ['subscribe like <https://arxiv.org/abs/2502.11089>', { kind: 'subscribe', topic: '', examples: ['2502.11089'] }],
    // The same paper twice (a version, a link) counts once.
    ['subscribe like 2502.11089 2502.11089v2 https://arxiv.org/abs/2502.11089', { kind: 'subscribe', topic: '', examples: ['2502.11089'] }],
    // Options are read from the end first, in any order.
    [
      'subscribe sparse attention like 2502.11089 at 07:30 tz Europe/Berlin weekdays',
      { kind: 'subscribe', topic: 'sparse attention', examples: ['2502.11089'], time: '07:30', timezone: 'Europe/Berlin', cadence: 'weekdays' },
    ],
    ['subscribe like 2502.11089 weekly at 9 am', { kind: 'subscribe', topic: '', examples: ['2502.11089'], time: '09:00', cadence: 'weekly' }],
    // Quotes keep a topic whole; a quoted `like` is a word.
    ['subscribe "models people like" like 2502.11089', { kind: 'subscribe', topic: 'models people like', examples: ['2502.11089'] }],
    ['subscribe "things like" 2502.11089', { kind: 'subscribe', topic: '"things like" 2502.11089' }],
    // `like` followed by words (not papers) is part of the topic.
    ['subscribe papers like attention', { kind: 'subscribe', topic: 'papers like attention' }],
    // A topic ending (or starting) in `like` is quoted to be one (unquoted, the papers were forgotten: refused below).
    ['subscribe "models people like"', { kind: 'subscribe', topic: 'models people like' }],
    ['subscribe "models people like" daily', { kind: 'subscribe', topic: 'models people like', cadence: 'daily' }],
    ['subscribe top "agent like"', { kind: 'subscribe', topic: 'agent like', top: true }],
    ['subscribe papers like "state space" models', { kind: 'subscribe', topic: 'papers like "state space" models' }],
    // `like` said again between papers is one more separator.
    ['subscribe like 2502.11089 like 2401.04088', { kind: 'subscribe', topic: '', examples: ['2502.11089', '2401.04088'] }],
  ])('%j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['subscribe agents like 2502.1108', /"2502\.1108" isn't an arXiv id or a paper link/],
    ['subscribe agents like 2513.11089', /"2513\.11089" isn't an arXiv id/],
    ['subscribe agents like 2502.11089 https://arxiv.org/list/cs.CL/recent', /"https:\/\/arxiv\.org\/list\/cs\.CL\/recent" isn't an arXiv id or a paper link/],
    ['subscribe agents like https://example.com/paper.pdf', /isn't an arXiv id or a paper link/],
    ['subscribe like 2502.11089 sparse attention', /"sparse" isn't a paper\. Put the topic before `like`/],
    ['subscribe like 2502.11089 <@U123>', /"@U123" isn't a paper/],
    // A paper pasted as the topic (Slack's link markup included) would be a digest on the words of its URL.
    ['subscribe <https://arxiv.org/abs/2502.11089|link>', /is a paper, not a topic word: for papers like it, `\/paper subscribe like 2502\.11089`/],
    ['subscribe sparse attention https://huggingface.co/papers/2401.04088', /`\/paper subscribe like 2401\.04088`/],
    ['subscribe arxiv.org/abs/2502.11089v2 weekly', /`\/paper subscribe like 2502\.11089`/],
    ['subscribe top <https://arxiv.org/abs/2502.11089>', /is a paper, not a topic word/],
    // `like` with no paper after it: the papers were forgotten, not a topic "like".
    ['subscribe like', /^Put the example papers after `like`, by arXiv id or link: `\/paper subscribe like 2502\.11089`\.\n/],
    ['subscribe LIKE at 09:00 weekly', /Put the example papers after `like`, by arXiv id or link: `\/paper subscribe like 2502\.11089`\.\n/],
    // A topic that ends in `like`: the papers were forgotten; quoted, the words are the topic.
    [
      'subscribe agent like',
      /^Put the example papers after `like`, by arXiv id or link: `\/paper subscribe agent like 2502\.11089`\. To follow those words as a topic, quote them: `\/paper subscribe "agent like"`\.\n/,
    ],
    ['subscribe models people like daily', /`\/paper subscribe models people like 2502\.11089`\. To follow those words as a topic, quote them: `\/paper subscribe "models people like"`/],
    // `like` then a title: the papers go by id or link, and a search finds the id.
    ['subscribe like attention is all you need', /^After `like` go the example papers, by arXiv id or link \(`\/paper <title words>` finds a paper and its id\)/],
    [
      'subscribe sparse attention like "Attention Is All You Need" weekly',
      /^After `like` go the example papers by arXiv id or link, not by title \(`\/paper Attention Is All You Need` finds it and its id\): `\/paper subscribe sparse attention like 2502\.11089`\.\n/,
    ],
  ])('%j is refused with a clear answer', (input, pattern) => {
    const message = invalidMessage(input);
    expect(message).toMatch(pattern);
    expect(message).toContain('/paper subscribe [TOPIC] like PAPER');
    expect(message).not.toMatch(/<[@!]/);
  });

  it('a top list with `like` and no paper says a top list takes none, and how to keep the words as its topic', () => {
    expect(invalidMessage('subscribe top agent like')).toMatch(
      /^A top list ranks the week by upvotes; it can't take example papers after `like`\. To follow those words as a topic, quote them: `\/paper subscribe top "agent like"`\./,
    );
  });

  it('checks the options of a feed without words like any other', () => {
    expect(invalidMessage('subscribe like 2502.11089 tz Mars/Olympus')).toMatch(/don't know the timezone "Mars\/Olympus"/);
    expect(invalidMessage('subscribe like 2502.11089 at 25:99')).toMatch(/25:99 isn't a time/);
  });

  it(`takes at most ${MAX_EXAMPLES} papers, and says so`, () => {
    const ids = Array.from({ length: MAX_EXAMPLES + 2 }, (_, i) => `2502.${String(11000 + i)}`);
    expect(invalidMessage(`subscribe agents like ${ids.join(' ')}`)).toMatch(
      new RegExp(`^That's ${MAX_EXAMPLES + 2} example papers; a subscription takes at most ${MAX_EXAMPLES}, so none of them was used and nothing was saved\\. Leave out 2 \\(`),
    );
    const ok = parseCommand(`subscribe agents like ${ids.slice(0, MAX_EXAMPLES).join(' ')}`);
    expect(ok).toMatchObject({ kind: 'subscribe', examples: ids.slice(0, MAX_EXAMPLES) });
  });
});

describe('reset, and feeds named by their papers', () => {
  it.each<[string, PaperCommand]>([
    ['reset sparse attention', { kind: 'reset', target: 'sparse attention' }],
    ['RESET "sparse attention"', { kind: 'reset', target: 'sparse attention' }],
    ['reset #12', { kind: 'reset', target: '#12' }],
    ['reset like 2502.11089 2401.04088v2', { kind: 'reset', target: 'like:2401.04088,2502.11089' }],
    ['unsubscribe like https://arxiv.org/abs/2502.11089 2401.04088', { kind: 'unsubscribe', target: 'like:2401.04088,2502.11089' }],
    ['digest like <https://huggingface.co/papers/2502.11089|paper>', { kind: 'digest', topic: 'like:2502.11089' }],
    ['unsubscribe models people like', { kind: 'unsubscribe', target: 'models people like' }],
    // The channel's ratings given outside digests; a subscription called "ratings" is reached quoted (or by #id).
    ['reset ratings', { kind: 'resetRatings' }],
    ['Reset  RATINGS ', { kind: 'resetRatings' }],
    ['reset "ratings"', { kind: 'reset', target: 'ratings' }],
    ['reset ratings papers', { kind: 'reset', target: 'ratings papers' }],
  ])('%j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it('reset alone asks what to reset, naming a subscription and the channel’s ratings, with the usage', () => {
    expect(invalidMessage('reset')).toMatch(/what to reset: `\/paper reset sparse attention`.*`\/paper reset ratings` forgets this channel's ratings given outside digests.*Usage: `\/paper reset TOPIC\|ratings`/s);
  });
});
