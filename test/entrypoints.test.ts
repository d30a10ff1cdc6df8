import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runScript, type ScriptRun } from './support/run-script.ts';

/** A clean Slack-free environment with an in-memory database, so no test writes data/ in the repo. */
function run(script: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<ScriptRun> {
  return runScript(script, args, { ...options, env: { DATABASE_URL: 'sqlite::memory:', ...options.env } });
}

/** Every test spawns the app or the CLI through tsx (which then loads the seed index): seconds on a busy machine. */
const SPAWNS = { timeout: 60_000 };

describe('npm start (src/main.ts)', SPAWNS, () => {
  it('without Slack credentials answers scripted /paper commands on stdin and exits cleanly', async () => {
    const result = await run('src/main.ts', [], { input: '/paper sparse attention\n/paper help\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/papers for "sparse attention"/);
    expect(result.stdout).toMatch(/Paper search: \/paper/);
  });

  it('in production without credentials refuses to start and names the variables', async () => {
    const result = await run('src/main.ts', [], { env: { NODE_ENV: 'production' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN/);
    expect(result.stderr).toMatch(/SLACK_SIGNING_SECRET/);
    expect(result.stdout).toBe('');
  });
});

describe('npm run cli (src/cli.ts)', SPAWNS, () => {
  it('search --json prints the documented shape', async () => {
    const result = await run('src/cli.ts', ['search', 'sparse attention', '--limit', '3', '--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { query: string; total: number; results: Array<Record<string, unknown>> };
    expect(parsed.query).toBe('sparse attention');
    expect(parsed.total).toBeGreaterThan(3);
    expect(parsed.results).toHaveLength(3);
    for (const item of parsed.results) {
      expect(Object.keys(item).sort()).toEqual(['authors', 'date', 'id', 'score', 'snippet', 'title', 'upvotes', 'url']);
      expect(String(item.title)).toMatch(/spars/i);
    }
  });

  it('search and similar print papers without Slack\'s buttons ([Share], [Show more] cannot be clicked in a terminal)', async () => {
    const search = await run('src/cli.ts', ['search', 'sparse attention', '--limit', '3']);
    expect(search.code).toBe(0);
    expect(search.stdout).toMatch(/attention/i);
    expect(search.stdout).toMatch(/Showing 1–3 of (\d+)\n\(--limit N shows more of the \1, up to 100\.\)\n$/);
    expect(search.stdout).not.toMatch(/\[(Share|Similar|Save|Show more)\]|More like this/);
    const id = (JSON.parse((await run('src/cli.ts', ['search', 'sparse attention', '--limit', '1', '--json'])).stdout) as { results: { id: string }[] }).results[0]?.id ?? '';
    const similar = await run('src/cli.ts', ['similar', id, '--limit', '2']);
    expect(similar.code).toBe(0);
    expect(similar.stdout).not.toMatch(/\[(Share|Similar|Save|Show more)\]/);
  }, 60_000);

  it('search --json carries what the search had to say: a filter it cannot read, a corrected typo', async () => {
    const filter = await run('src/cli.ts', ['search', 'attention since:yesterday', '--json']);
    expect(filter.code).toBe(0);
    const refused = JSON.parse(filter.stdout) as { total: number; notice?: string };
    expect(refused.total).toBe(0);
    expect(refused.notice).toMatch(/`since:yesterday` is not a date/);
    const typo = await run('src/cli.ts', ['search', 'sparce atention', '--limit', '1', '--json']);
    const corrected = JSON.parse(typo.stdout) as { query: string; correctedQuery?: string; notice?: string };
    expect(corrected.query).toBe('sparce atention');
    expect(corrected.correctedQuery).toBe('sparse attention');
    const plain = JSON.parse((await run('src/cli.ts', ['search', 'sparse attention', '--limit', '1', '--json'])).stdout) as Record<string, unknown>;
    expect(Object.keys(plain).sort()).toEqual(['query', 'results', 'total']);
  }, 60_000);

  it('digest preview refuses a topic /paper subscribe and /paper digest refuse, saying why, instead of an empty preview', async () => {
    for (const topic of ['since:yesterday', 'attention has:nothing']) {
      const result = await run('src/cli.ts', ['digest', 'preview', topic, '--json']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^paper-digest: [^\n]*(is not a date|is not a filter I know)[^\n]*\n$/);
    }
    const fine = await run('src/cli.ts', ['digest', 'preview', 'sparse attention', '--json']);
    expect(fine.code).toBe(0);
    expect((JSON.parse(fine.stdout) as { papers: unknown[] }).papers.length).toBeGreaterThan(0);
    // Schedule options are read off the end, as /paper digest and /paper subscribe read them.
    const scheduled = await run('src/cli.ts', ['digest', 'preview', 'sparse attention weekly at 09:00 tz Europe/Berlin', '--json']);
    expect(JSON.parse(scheduled.stdout)).toEqual(JSON.parse(fine.stdout));
  }, 60_000);

  it('digest preview of `top …` or `like <paper>` says what shows those instead of previewing the words (exit 2)', async () => {
    const top = await run('src/cli.ts', ['digest', 'preview', 'top agent']);
    expect(top.code).toBe(2);
    expect(top.stdout).toBe('');
    expect(top.stderr).toBe('paper-digest: digest preview shows a topic digest, and `/paper subscribe top …` starts a top list: its next post is `/paper digest top [topic]` in the local console (npm start).\n');
    const like = await run('src/cli.ts', ['digest', 'preview', 'like 2502.11089', '--json']);
    expect(like.code).toBe(2);
    expect(like.stderr).toBe('paper-digest: digest preview shows a topic digest, not a feed of papers like examples: npm run cli -- similar 2502.11089 lists the papers most like one.\n');
    // Words that merely start with "top", and a quoted "top", are a topic.
    expect((await run('src/cli.ts', ['digest', 'preview', 'top-k sampling', '--json'])).code).toBe(0);
    expect((await run('src/cli.ts', ['digest', 'preview', '"top" attention', '--json'])).code).toBe(0);
  }, 60_000);

  it('digest preview in text speaks of a new subscription, not of "this channel" (a terminal has no channel)', async () => {
    const found = await run('src/cli.ts', ['digest', 'preview', 'sparse attention']);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^What a new subscription to sparse attention would get first \(`\/paper subscribe sparse attention` in a Slack channel\)/);
    const none = await run('src/cli.ts', ['digest', 'preview', 'zzqqxx']);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^No paper has every word of zzqqxx right now: a new subscription would get nothing yet\./);
    for (const out of [found.stdout, none.stdout]) expect(out).not.toMatch(/this channel|already been sent/i);
  }, 60_000);

  it('stats --json counts the seed corpus', async () => {
    const result = await run('src/cli.ts', ['stats', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ papers: 247, withDate: 82, withAuthors: 82, withUpvotes: 22 });
  });

  it('bad usage gets a clear message and exit code 2', async () => {
    const noQuery = await run('src/cli.ts', ['search']);
    expect(noQuery.code).toBe(2);
    expect(noQuery.stderr).toMatch(/search needs a query/);
    const badLimit = await run('src/cli.ts', ['search', 'x', '--limit', 'lots']);
    expect(badLimit.code).toBe(2);
    expect(badLimit.stderr).toMatch(/--limit must be a whole number/);
    // No command is a usage error: the usage goes to stderr (stdout stays for answers); --help asks for it on stdout.
    const none = await run('src/cli.ts', []);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toMatch(/^Usage: npm run cli -- <command>/);
    const help = await run('src/cli.ts', ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run cli -- <command>/);
    const unknown = await run('src/cli.ts', ['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    // Counts of the whole corpus must not pass for counts of a query.
    const statsWords = await run('src/cli.ts', ['stats', 'sparse', 'attention']);
    expect(statsWords.code).toBe(2);
    expect(statsWords.stdout).toBe('');
    expect(statsWords.stderr).toContain('stats takes no words, only --json (got "sparse attention"); to count papers for a query: npm run cli -- search "<query>"');
  }, 60_000);

  it('a command one slip from a real one names it, ready to run again, and still exits 2', async () => {
    const slip = await run('src/cli.ts', ['serach', 'sparse attention']);
    expect(slip.code).toBe(2);
    expect(slip.stdout).toBe('');
    expect(slip.stderr).toContain('unknown command "serach". Did you mean "search"? npm run cli -- search \'sparse attention\'');
    expect(slip.stderr).not.toContain('Commands:');
    // The suggestion keeps the options and, pasted into a shell, gives back the same words, nothing expanded.
    const words = ['sparse $(touch x) `id` "it\'s"', '--json', '--limit', '3'];
    const withOptions = await run('src/cli.ts', ['serach', ...words]);
    const suggested = /Did you mean "search"\? npm run cli -- search (.*)/.exec(withOptions.stderr)?.[1] ?? '';
    expect(execFileSync('sh', ['-c', `printf '%s\\n' ${suggested}`], { encoding: 'utf8' })).toBe(words.map((w) => `${w}\n`).join(''));
    const far = await run('src/cli.ts', ['frobnicate']);
    expect(far.stderr).not.toContain('Did you mean');
    expect(far.stderr).toContain('Commands:');
  }, 60_000);

  it('an excluded word typed first (search -vision attention) is answered with the command that searches it, not parseArgs\' "Unknown option \'-v\'"', async () => {
    const excluded = await run('src/cli.ts', ['search', '-vision', 'attention', '--limit', '3']);
    expect(excluded.code).toBe(2);
    expect(excluded.stdout).toBe('');
    expect(excluded.stderr).toBe('paper-digest: "-vision" is not an option: a query that starts with - goes after --, as in npm run cli -- search --limit 3 -- \'-vision attention\'\n');
    // Pasted into a shell, the suggestion gives the CLI the query whole, after --, and keeps --limit 3.
    const suggested = /as in npm run cli -- (.*)/.exec(excluded.stderr)?.[1] ?? '';
    expect(execFileSync('sh', ['-c', `printf '%s\\n' ${suggested}`], { encoding: 'utf8' })).toBe('search\n--limit\n3\n--\n-vision attention\n');
    const bogus = await run('src/cli.ts', ['search', 'attention', '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('"--bogus" is not an option (the options: --json, --limit N, --batch FILE, --date D, --since D, --help;');
    const missing = await run('src/cli.ts', ['search', 'attention', '--limit']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('paper-digest: --limit needs a value, e.g. --limit 5.\n');
  }, 60_000);

  it('an option the command does not take is a usage error, never ignored (search --since would look filtered)', async () => {
    const since = await run('src/cli.ts', ['search', 'attention', '--since', '2025-06-01', '--json']);
    expect(since.code).toBe(2);
    expect(since.stderr).toMatch(/--since only applies to "ingest hf".*since:2025-06-01/);
    expect(since.stdout).toBe('');
    const limit = await run('src/cli.ts', ['stats', '--limit', '5']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/--limit doesn't apply to "stats"/);
    const batch = await run('src/cli.ts', ['similar', 'x', '--batch', 'q.txt']);
    expect(batch.code).toBe(2);
    expect(batch.stderr).toMatch(/--batch doesn't apply to "similar"/);
  }, 60_000);
});
