import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/grammar.ts';

describe('/paper follow and unfollow: parsing', () => {
  it.each([
    ['follow "Tri Dao"', { kind: 'follow', target: { kind: 'name', name: 'Tri Dao' } }],
    ['follow Tri Dao', { kind: 'follow', target: { kind: 'name', name: 'Tri Dao' } }],
    ['FOLLOW \u201cJosé  Núñez\u201d', { kind: 'follow', target: { kind: 'name', name: 'José Núñez' } }],
    ["follow 'Dao, Tri'", { kind: 'follow', target: { kind: 'name', name: 'Dao, Tri' } }],
    ["follow Conan O'Brien", { kind: 'follow', target: { kind: 'name', name: "Conan O'Brien" } }],
    // Quoted, the words are the name as typed; unfollow takes a name followed before as it was typed.
    ['follow "Yann LeCun at Meta"', { kind: 'follow', target: { kind: 'name', name: 'Yann LeCun at Meta' } }],
    ['unfollow Yann LeCun at Meta', { kind: 'unfollow', target: { kind: 'name', name: 'Yann LeCun at Meta' } }],
    ['follow @hf:tridao', { kind: 'follow', target: { kind: 'account', hfUser: 'tridao' } }],
    ['follow hf:Jacob-Yu', { kind: 'follow', target: { kind: 'account', hfUser: 'Jacob-Yu' } }],
    ['unfollow "Tri Dao"', { kind: 'unfollow', target: { kind: 'name', name: 'Tri Dao' } }],
    ['unfollow @HF:tridao', { kind: 'unfollow', target: { kind: 'account', hfUser: 'tridao' } }],
    // The search filter's spelling names the author too.
    ['follow author:Dao', { kind: 'follow', target: { kind: 'name', name: 'Dao' } }],
    ['follow author:"Tri Dao"', { kind: 'follow', target: { kind: 'name', name: 'Tri Dao' } }],
    ['follow Manning, Christopher D.', { kind: 'follow', target: { kind: 'name', name: 'Manning, Christopher D.' } }],
    ['follow van der Berg, Jan Willem', { kind: 'follow', target: { kind: 'name', name: 'van der Berg, Jan Willem' } }],
    ['follow Anderson Brand', { kind: 'follow', target: { kind: 'name', name: 'Anderson Brand' } }],
    // A made-up name followed before this was refused can still be unfollowed as it was typed.
    ['unfollow Tri Dao, Albert Gu', { kind: 'unfollow', target: { kind: 'name', name: 'Tri Dao, Albert Gu' } }],
    ['unfollow @tridao', { kind: 'unfollow', target: { kind: 'name', name: '@tridao' } }],
  ])('%s', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each([
    ['follow', /whose new papers/],
    ['follow ""', /whose new papers/],
    ['unfollow', /stop following/],
    ['follow "Tri Dao', /never closed/],
    ['follow <!channel>', /Slack mention/],
    ['follow <@U123|tri>', /Slack mention/],
    [`follow ${'a'.repeat(500)}`, /500 characters long; an author's name is at most 100/],
    ['follow ...', /no letters or digits/],
    ['follow @hf:', /Hugging Face username/],
    ['follow @hf:tri dao', /Hugging Face username/],
    ['follow @hf:-x', /Hugging Face username/],
    // A bare @username is neither an author's name nor an account: it would never match a paper.
    ['follow @tridao', /`@tridao` is not an author's name.*`\/paper follow @hf:tridao`/],
    ['follow @Tri Dao', /`@Tri Dao` is not an author's name.*as it is written on their papers/],
    // Several authors at once would be followed as one made-up name ("Tri Dao, Albert Gu" is "Albert … Dao").
    ['follow "Tri Dao" "Albert Gu"', /one author at a time/],
    ['follow Tri Dao and Albert Gu', /one author at a time/],
    ['follow Tri Dao, Albert Gu', /one author at a time/],
    ['follow Tri Dao; Albert Gu', /one author at a time/],
    ['follow "Tri Dao", "Albert Gu"', /one author at a time/],
    // A schedule after an unquoted name would be part of the name ("Tri Dao at 09:00" never wrote a paper).
    ['follow Tri Dao at 09:00', /^Only the author's name goes after `follow`, so `at 09:00` can't be part of it: `\/paper follow "Tri Dao"`\. Followed authors' papers come with this channel's digest, on its schedule\./],
    ['follow Tri Dao weekly', /so `weekly` can't be part of it: `\/paper follow "Tri Dao"`/],
    ['follow Tri Dao tz Europe/Berlin', /so `tz Europe\/Berlin` can't be part of it/],
    // Where they work is not in the name papers print: "Yann LeCun at Meta" would never match one.
    ['follow Yann LeCun at Meta', /^Only the author's name goes after `follow`, so `at Meta` can't be part of it: `\/paper follow "Yann LeCun"`\.\n/],
  ])('%s is refused with a clear answer and the usage', (text, problem) => {
    const command = parseCommand(text);
    expect(command.kind).toBe('invalid');
    const message = command.kind === 'invalid' ? command.message : '';
    expect(message).toMatch(problem);
    expect(message).toMatch(/Usage: `\/paper (un)?follow "AUTHOR NAME"`/);
    expect(message).not.toContain('<!channel>');
  });

  it('"following" and other words starting with follow are still searches', () => {
    expect(parseCommand('following the gradient')).toEqual({ kind: 'search', query: 'following the gradient' });
  });
});
