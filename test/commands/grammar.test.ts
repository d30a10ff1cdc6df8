import { describe, expect, it } from 'vitest';
import { MAX_TOPIC_LENGTH, parseCommand, type PaperCommand } from '../../src/commands/grammar.ts';

describe('parseCommand: valid input', () => {
  it.each<[string, PaperCommand]>([
    ['', { kind: 'help' }],
    ['   \t ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['help subscribe', { kind: 'help' }],
    ['sparse attention', { kind: 'search', query: 'sparse attention' }],
    ['  sparse    attention  ', { kind: 'search', query: 'sparse attention' }],
    ['helpful agents', { kind: 'search', query: 'helpful agents' }],
    ['subscriber models', { kind: 'search', query: 'subscriber models' }],
    ['list', { kind: 'list' }],
    ['unfurl off', { kind: 'unfurl', enabled: false }],
    ['UNFURL On', { kind: 'unfurl', enabled: true }],
    ['unfurl', { kind: 'unfurl', enabled: null }],
    ['unfurled papers', { kind: 'search', query: 'unfurled papers' }],
    ['saved', { kind: 'saved', format: 'list', page: 1 }],
    ['Saved 3', { kind: 'saved', format: 'list', page: 3 }],
    ['saved bibtex', { kind: 'saved', format: 'bibtex', page: 1 }],
    ['saved BibTeX 2', { kind: 'saved', format: 'bibtex', page: 2 }],
    ['saved model weights', { kind: 'search', query: 'saved model weights' }],
    // "page 2", as the replies say it ("There is no page 2"), is a page too.
    ['saved page 2', { kind: 'saved', format: 'list', page: 2 }],
    ['saved bibtex page 3', { kind: 'saved', format: 'bibtex', page: 3 }],
    ['saved page', { kind: 'search', query: 'saved page' }],
    ['List', { kind: 'list' }],
    ['list of attention mechanisms', { kind: 'search', query: 'list of attention mechanisms' }],
    ['"at" scale', { kind: 'search', query: '"at" scale' }],
    ['subscribe sparse attention', { kind: 'subscribe', topic: 'sparse attention' }],
    ['Subscribe Sparse Attention', { kind: 'subscribe', topic: 'Sparse Attention' }],
    ['subscribe sparse attention at 9:05', { kind: 'subscribe', topic: 'sparse attention', time: '09:05' }],
    ['subscribe sparse attention at 9am', { kind: 'subscribe', topic: 'sparse attention', time: '09:00' }],
    ['subscribe sparse attention at 9 am', { kind: 'subscribe', topic: 'sparse attention', time: '09:00' }],
    ['subscribe sparse attention at 9:30pm', { kind: 'subscribe', topic: 'sparse attention', time: '21:30' }],
    ['subscribe sparse attention at noon', { kind: 'subscribe', topic: 'sparse attention', time: '12:00' }],
    ['subscribe diffusion tz europe/berlin', { kind: 'subscribe', topic: 'diffusion', timezone: 'Europe/Berlin' }],
    ['subscribe diffusion weekly', { kind: 'subscribe', topic: 'diffusion', cadence: 'weekly' }],
    ['subscribe diffusion WEEKDAYS', { kind: 'subscribe', topic: 'diffusion', cadence: 'weekdays' }],
    [
      'subscribe sparse attention at 17:30 tz America/New_York weekdays',
      { kind: 'subscribe', topic: 'sparse attention', time: '17:30', timezone: 'America/New_York', cadence: 'weekdays' },
    ],
    [
      'subscribe sparse attention daily tz Asia/Kathmandu at 07:45',
      { kind: 'subscribe', topic: 'sparse attention', time: '07:45', timezone: 'Asia/Kathmandu', cadence: 'daily' },
    ],
    [
      'subscribe sparse attention tz UTC weekly at 21:00',
      { kind: 'subscribe', topic: 'sparse attention', time: '21:00', timezone: 'UTC', cadence: 'weekly' },
    ],
    ['subscribe "sparse attention" at 09:00', { kind: 'subscribe', topic: 'sparse attention', time: '09:00' }],
    ['subscribe \u201csparse attention\u201d daily', { kind: 'subscribe', topic: 'sparse attention', cadence: 'daily' }],
    ["subscribe 'sparse attention'", { kind: 'subscribe', topic: 'sparse attention' }],
    ["subscribe Bayes' rule", { kind: 'subscribe', topic: "Bayes' rule" }],
    ['subscribe attention at scale', { kind: 'subscribe', topic: 'attention at scale' }],
    ['subscribe attention at scale at 08:00', { kind: 'subscribe', topic: 'attention at scale', time: '08:00' }],
    ['subscribe attention at scale weekly', { kind: 'subscribe', topic: 'attention at scale', cadence: 'weekly' }],
    ['subscribe "things to look at"', { kind: 'subscribe', topic: 'things to look at' }],
    ['subscribe "weekly" daily', { kind: 'subscribe', topic: 'weekly', cadence: 'daily' }],
    ['subscribe daily weather models', { kind: 'subscribe', topic: 'daily weather models' }],
    ['unsubscribe sparse attention', { kind: 'unsubscribe', target: 'sparse attention' }],
    ['unsubscribe "sparse attention"', { kind: 'unsubscribe', target: 'sparse attention' }],
    ['unsubscribe sub_42', { kind: 'unsubscribe', target: 'sub_42' }],
    ['digest speculative decoding', { kind: 'digest', topic: 'speculative decoding' }],
    ['DIGEST "speculative decoding"', { kind: 'digest', topic: 'speculative decoding' }],
    // Alone or by id: the channel's digests decide (the service previews its only one, or asks which).
    ['digest', { kind: 'digest', topic: '' }],
    ['digest #3', { kind: 'digest', topic: '#3' }],
    // A preview has no schedule: options typed as for subscribe are not topic words (the words as typed come along,
    // for a digest stored with them in its topic).
    ['digest sparse attention weekly', { kind: 'digest', topic: 'sparse attention', typed: 'sparse attention weekly' }],
    ['digest sparse attention at 09:00 tz Europe/Berlin weekdays', { kind: 'digest', topic: 'sparse attention', typed: 'sparse attention at 09:00 tz Europe/Berlin weekdays' }],
    ['digest "things to look at" daily', { kind: 'digest', topic: 'things to look at', typed: '"things to look at" daily' }],
    ['digest daily weather models', { kind: 'digest', topic: 'daily weather models' }],
    [`subscribe ${'a'.repeat(MAX_TOPIC_LENGTH)}`, { kind: 'subscribe', topic: 'a'.repeat(MAX_TOPIC_LENGTH) }],
    // Fullwidth forms (a Japanese or Chinese input method) read as their ASCII letters and digits.
    ['\uff53\uff55\uff42\uff53\uff43\uff52\uff49\uff42\uff45 sparse attention', { kind: 'subscribe', topic: 'sparse attention' }],
    ['subscribe sparse attention at \uff10\uff19\uff1a\uff13\uff10', { kind: 'subscribe', topic: 'sparse attention', time: '09:30' }],
    ['subscribe sparse attention \uff57\uff45\uff45\uff4b\uff4c\uff59', { kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly' }],
    ['subscribe transformers at 1:1 ratio', { kind: 'subscribe', topic: 'transformers at 1:1 ratio' }],
    ['subscribe has:code -vision', { kind: 'subscribe', topic: 'has:code -vision' }],
    // Punctuation typed after the subcommand ("subscribe: …", "help?") still names it.
    ['subscribe: sparse attention', { kind: 'subscribe', topic: 'sparse attention' }],
    ['Subscribe, sparse attention weekly', { kind: 'subscribe', topic: 'sparse attention', cadence: 'weekly' }],
    ['help?', { kind: 'help' }],
    ['list.', { kind: 'list' }],
    ['unsubscribe: sparse attention', { kind: 'unsubscribe', target: 'sparse attention' }],
    ['top: month', { kind: 'top', period: 'month', topic: null }],
    ['help: me', { kind: 'help' }],
    ['subscribe:sparse', { kind: 'search', query: 'subscribe:sparse' }],
  ])('%j', (input, expected) => {
    expect(parseCommand(input)).toEqual(expected);
  });

  it('omits options that were not given (the caller applies the defaults)', () => {
    expect(Object.keys(parseCommand('subscribe sparse attention'))).toEqual(['kind', 'topic']);
  });

  it('keeps Slack markup in a search query for the view to escape', () => {
    expect(parseCommand('<!channel> attention')).toEqual({ kind: 'search', query: '<!channel> attention' });
  });
});

describe('parseCommand: invalid input', () => {
  const invalidMessage = (input: string): string => {
    const result = parseCommand(input);
    if (result.kind !== 'invalid') throw new Error(`expected invalid for ${JSON.stringify(input)}, got ${result.kind}`);
    return result.message;
  };

  it.each<[string, RegExp]>([
    ['subscribe', /tell me a topic.*\/paper subscribe sparse attention/i],
    ['subscribe   ', /tell me a topic/i],
    ['subscribe at 09:00', /tell me a topic/i],
    ['subscribe weekly', /tell me a topic/i],
    ['subscribe ""', /tell me a topic/i],
    ['subscribe sparse attention at 25:99', /25:99 isn't a time\. Use HH:MM, 24-hour, like 09:00 or 17:30\./],
    ['subscribe sparse attention at 24:00', /24:00 isn't a time/],
    ['subscribe sparse attention at 9:60', /9:60 isn't a time/],
    // A bare hour is ambiguous: the answer offers both readings instead of only the HH:MM rule.
    ['subscribe sparse attention at 9', /^`at 9` could be morning or evening: write `at 09:00` or `at 21:00` \(or `at 9am` \/ `at 9pm`\)\./],
    ['subscribe sparse attention at 12', /^`at 12` could be noon or midnight: write `at 12:00` or `at 00:00` \(or `at noon` \/ `at midnight`\)\./],
    ['subscribe sparse attention at 17', /^`at 17` is an hour: write `at 17:00`\./],
    ['subscribe sparse attention at 0', /^`at 0` is an hour: write `at 00:00`\./],
    ['subscribe sparse attention at 30', /30 isn't a time/],
    ['subscribe sparse attention at 9ish', /9ish isn't a time/],
    ['subscribe sparse attention at 13 pm', /13 pm isn't a time/],
    ['subscribe sparse attention at', /`at` needs a time/],
    ['subscribe sparse attention at 09:00 tz', /`tz` needs a timezone/],
    [
      'subscribe sparse attention tz Mars/Olympus',
      /I don't know the timezone "Mars\/Olympus"\. Use an IANA name like Europe\/Berlin or America\/New_York\./,
    ],
    ['subscribe sparse attention tz Berlin', /I don't know the timezone "Berlin"/],
    ['subscribe sparse attention tz EST', /"EST" is an abbreviation/],
    ['subscribe sparse attention tz <!channel>', /I don't know the timezone "!channel"/],
    ['subscribe sparse attention at 09:00 at 10:00', /time twice/],
    ['subscribe sparse attention daily weekly', /how often twice/],
    ['subscribe sparse attention tz UTC tz Europe/Berlin', /timezone twice/],
    ['subscribe at 09:00 sparse attention', /topic first/],
    // A time or zone the options at the end could not take is never kept as topic words (digest at 09:00 UTC).
    ['subscribe sparse attention at 09:00 Europe/Berlin', /put `tz` before the timezone: `at 09:00 tz Europe\/Berlin`/i],
    ['subscribe sparse attention at 9am UTC weekly', /put `tz` before the timezone: `at 09:00 tz UTC`/i],
    ['subscribe sparse attention at 9 am america/new_york', /put `tz` before the timezone: `at 09:00 tz America\/New_York`/i],
    ['subscribe sparse attention at 09:00 CET', /"CET" is an abbreviation/],
    ['subscribe sparse attention at 09:00 Berlin', /I don't know the timezone "Berlin"/],
    // A word after the time that is no zone is not answered as an unknown zone.
    [
      'subscribe sparse attention at 9am tomorrow',
      /^I can't read "tomorrow" after `at 09:00`: only options go after the time \(`tz Europe\/Berlin`, `daily`, `weekdays`, `every monday`\), and the first digest goes out at the next 09:00\./,
    ],
    ['subscribe sparse attention at 09:00 every morning', /topic first and the options after it/],
    ['subscribe sparse attention 09:00 tz Europe/Berlin', /put `at` before the time: `at 09:00`/i],
    ['subscribe sparse attention 9pm', /put `at` before the time: `at 21:00`/i],
    ['subscribe "sparse attention at 09:00', /quote is opened but never closed/],
    [`subscribe ${'a'.repeat(MAX_TOPIC_LENGTH + 1)}`, /201 characters long; keep it to 200 or fewer/],
    [`subscribe ${'word '.repeat(60)}at 09:00`, /characters long/],
    // A topic the search can never match would be a digest that never posts ("I'll keep looking" forever).
    ['subscribe -sparse', /"-sparse" can never match a paper: Only exclusions were given/],
    ['subscribe -has:code weekly', /can never match a paper: Only exclusions were given/],
    ['subscribe \u{1F680}', /can never match a paper: There are no words to search for/],
    ['subscribe \u200b', /can never match a paper/],
    ['subscribe the of', /can never match a paper: Those words are too common/],
    ['subscribe top -attention', /can never match a paper: Only exclusions/],
    ['digest -sparse', /can never match a paper: Only exclusions/],
    ['top week \u{1F680}', /can never match a paper: There are no words/],
    ['unsubscribe', /which subscription to stop.*\/paper list/],
    ['unsubscribe ""', /which subscription to stop/],
    [`digest ${'b'.repeat(MAX_TOPIC_LENGTH + 1)}`, /keep it to 200/],
  ])('%j', (input, pattern) => {
    expect(invalidMessage(input)).toMatch(pattern);
  });

  it('every error shows the correct usage', () => {
    expect(invalidMessage('subscribe sparse attention at 25:99')).toContain(
      'Usage: `/paper subscribe TOPIC [at HH:MM] [tz ZONE] [daily|weekdays|weekly|every DAY]`',
    );
    expect(invalidMessage('unsubscribe')).toContain('Usage: `/paper unsubscribe TOPIC`');
    expect(invalidMessage('digest -sparse')).toContain('Usage: `/paper digest TOPIC`');
  });

  it('never echoes Slack control characters back', () => {
    const message = invalidMessage('subscribe x tz <@U123>/<!here>');
    expect(message).not.toMatch(/<[@!]/);
  });
});

describe('parseCommand: /paper unfurl', () => {
  it('takes on or off and nothing else, with the usage', () => {
    const result = parseCommand('unfurl maybe later');
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') {
      expect(result.message).toContain('`unfurl` takes `on` or `off`, not "maybe later"');
      expect(result.message).toContain('/paper unfurl off|on');
    }
  });
});
