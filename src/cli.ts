import 'dotenv/config';
import { open } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { argsErrorText, shellWord } from './cli-arg-errors.ts';
import { errorText } from './error-text.ts';
import { exitAfterOutput } from './exit-after-output.ts';
import type { Runtime } from './runtime.ts';
import { createLogger, LogLevel, type Logger } from './logger.ts';
import type { PaperSearch } from './search/types.ts';
import type { SeedReport } from './ingest/corpus-index.ts';
import { IngestDateError, ingestDays } from './ingest/dates.ts';

// What a command needs (the store, the index, Bolt's Web API client, the views) is loaded when the command runs,
// so --help, a usage error or a configuration error is answered without loading them.

/** Slack's buttons mean nothing in a terminal: papers are printed without them. */
const NO_BUTTONS = { buttons: false } as const;

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  search "<query>" [--limit N] [--json]   Search the papers
  search --batch FILE [--limit N]         One query per line of FILE (- for stdin), one JSON result per
                                          line on stdout (as search --json, plus "line"; a blank line
                                          gets an "error", a line it can't search, such as only stop
                                          words, a "notice" and no results), the index loaded once
  similar <paper id> [--limit N] [--json] Papers most like one paper (ids: search --json; an arXiv id or
                                          paper link names a stored paper too)
  stats [--json]                          Corpus figures
  digest run [--json]                     Post every digest that is due now, then exit
                                          (for an external scheduler; needs SLACK_BOT_TOKEN)
  digest preview "<topic>" [--json]       What a new subscription to the topic would get first
                                          (schedule options at the end are read as /paper digest reads them)
  ingest hf [--date D | --since D] [--json]
                                          Fetch Hugging Face daily papers (HF_API_URL) for day D,
                                          every day from D to today (at most 31), or today (UTC)
  ingest <file> [--json]                  Ingest a saved listing page (either seed layout) or a
                                          .json file in the daily papers API's shape

Options:
  --json      Machine-readable output on stdout
  --limit N   How many results (default 10, at most 100)
`;

class UsageError extends Error {}

/** The most results `--limit` asks for. */
const MAX_LIMIT = 100;

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 10;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT} (got "${raw}").`);
  return limit;
}

function parsedArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        limit: { type: 'string' },
        batch: { type: 'string' },
        date: { type: 'string' },
        since: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    const text = argsErrorText(error, argv);
    throw text === null ? error : new UsageError(text);
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parsedArgs(argv);
  const [command, ...rest] = positionals;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!command) {
    // A usage error like any other: stdout stays empty for whatever reads it.
    process.stderr.write(USAGE);
    return 2;
  }
  checkOptions(command, values);
  const config = loadConfig();
  // stdout carries the answer; only problems go to stderr.
  const logger = createLogger({ level: config.logLevel === LogLevel.DEBUG ? LogLevel.DEBUG : LogLevel.WARN });

  switch (command) {
    case 'search': {
      if (values.batch !== undefined) return runBatchSearch(config, logger, values.batch, rest, values.limit);
      const query = rest.join(' ');
      if (!query.trim()) throw new UsageError('search needs a query, e.g. npm run cli -- search "sparse attention"');
      const limit = parseLimit(values.limit);
      const page = await withCorpus(config, logger, ({ search }) => Promise.resolve(search.search(query, { limit, unbounded: true })));
      if (values.json) {
        const { searchJson } = await import('./search-batch.ts');
        process.stdout.write(`${JSON.stringify(searchJson(page), null, 2)}\n`);
      } else {
        const [{ renderText }, { searchResultsMessage }] = await Promise.all([import('./local/render-text.ts'), import('./views/search-results.ts')]);
        // A terminal has no Show more button: the option that shows more, while there are more.
        const more = page.hits.length < page.total && limit < MAX_LIMIT ? `\n(--limit N shows more of the ${page.total}, up to ${MAX_LIMIT}.)` : '';
        process.stdout.write(`${renderText(searchResultsMessage(page, { pageSize: limit }), NO_BUTTONS)}${more}\n`);
      }
      return 0;
    }
    case 'similar': {
      const [id, ...extra] = rest;
      if (!id || extra.length > 0) throw new UsageError('similar needs one paper id, e.g. npm run cli -- similar <id> (search --json shows ids)');
      const limit = parseLimit(values.limit);
      const { looksLikePaperRef, paperRefId } = await import('./commands/example-refs.ts');
      const found = await withCorpus(config, logger, async ({ search, runtime }) => {
        // An arXiv id or paper link names a stored paper too (as `/paper similar <id|link>` does; no lookup here).
        const arxivId = looksLikePaperRef(id) ? paperRefId(id) : null;
        const paper = search.get(id) ?? (arxivId === null ? undefined : search.get((await runtime.store.getPaperByArxivId(arxivId))?.id ?? ''));
        return paper ? { paper, hits: search.similar(paper.id, limit) } : null;
      });
      if (!found) throw new UsageError(`no paper has the id "${id}" (search --json shows ids; an arXiv id or link must be in the corpus).`);
      if (values.json) {
        const results = found.hits.map(({ paper, score }) => ({ id: paper.id, title: paper.title, score: Number(score.toFixed(4)), date: paper.date, upvotes: paper.upvotes, url: paper.url }));
        process.stdout.write(`${JSON.stringify({ id: found.paper.id, title: found.paper.title, results }, null, 2)}
`);
      } else {
        const [{ renderText }, { similarPapersMessage }] = await Promise.all([import('./local/render-text.ts'), import('./views/similar-papers.ts')]);
        process.stdout.write(`${renderText(similarPapersMessage(found.paper, found.hits), NO_BUTTONS)}
`);
      }
      return 0;
    }
    case 'stats': {
      // `stats sparse attention` would look like counts for a query: they are the whole corpus's.
      if (rest.length > 0) throw new UsageError(`stats takes no words, only --json (got "${rest.join(' ')}"); to count papers for a query: npm run cli -- search "<query>"`);
      const { corpusStats } = await import('./papers/stats.ts');
      const stats = await withCorpus(config, logger, async ({ runtime, seeded }) => ({
        ...corpusStats(await runtime.store.listPapers()),
        seedPages: seeded.files.length,
      }));
      if (values.json) {
        process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      } else {
        process.stdout.write(
          [
            `papers:        ${stats.papers}`,
            `with date:     ${stats.withDate}`,
            `with authors:  ${stats.withAuthors}`,
            `with upvotes:  ${stats.withUpvotes}`,
            `date range:    ${stats.oldest ?? '–'} … ${stats.newest ?? '–'}`,
            `seed pages:    ${stats.seedPages}`,
          ].join('\n') + '\n',
        );
      }
      return 0;
    }
    case 'digest':
      return runDigestCommand(config, logger, rest, values.json ?? false);
    case 'ingest':
      return runIngestCommand(config, logger, rest, { json: values.json ?? false, date: values.date, since: values.since });
    default: {
      const { closestName } = await import('./commands/subcommand-typo.ts');
      const meant = closestName(command, Object.keys(COMMAND_OPTIONS));
      if (meant !== null) {
        // The words as given, options too, the command corrected; quoted for a POSIX shell, so a paste runs just that.
        const words = argv.map((word, i) => (i === argv.indexOf(command) ? meant : word));
        const again = ['npm run cli --', ...words.map(shellWord)].join(' ');
        throw new UsageError(`unknown command "${command}". Did you mean "${meant}"? ${again}\n(npm run cli -- --help lists the commands.)`);
      }
      throw new UsageError(`unknown command "${command}".\n\n${USAGE}`);
    }
  }
}

/** The options each command reads; any other one given is refused rather than silently ignored. */
const COMMAND_OPTIONS: Record<string, readonly string[]> = {
  search: ['json', 'limit', 'batch'],
  similar: ['json', 'limit'],
  stats: ['json'],
  digest: ['json'],
  ingest: ['json', 'date', 'since'],
};

function checkOptions(command: string, values: Record<string, unknown>): void {
  const known = COMMAND_OPTIONS[command];
  if (known === undefined) return;
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === false || name === 'help' || known.includes(name)) continue;
    if (name === 'date' || name === 'since') {
      const hint = command === 'search' ? `; to find papers by date, put since:${String(value)} in the query` : '';
      throw new UsageError(`--${name} only applies to "ingest hf"${hint}.`);
    }
    throw new UsageError(`--${name} doesn't apply to "${command}".`);
  }
}

async function runDigestCommand(config: Config, logger: Logger, args: string[], json: boolean): Promise<number> {
  const [action, ...words] = args;
  if (action === 'preview') {
    const typed = words.join(' ').trim();
    if (!typed) throw new UsageError('digest preview needs a topic, e.g. npm run cli -- digest preview "sparse attention"');
    // Read as /paper digest reads it: schedule options off the end, and refused when Slack would refuse it (a
    // filter that cannot be read, nothing to search for). `like <paper>` (a feed of examples) stays words here.
    const { parseCommand } = await import('./commands/grammar.ts');
    const asSlash = parseCommand(`digest ${typed}`);
    if (asSlash.kind === 'invalid') throw new UsageError(asSlash.message.split('\n')[0] ?? asSlash.message);
    // `top …` and `like <paper>` name a top list and a feed of papers like those: Slack's `/paper subscribe top` (or
    // `… like`) would start one of those, not a digest of the words this preview would show.
    if (asSlash.kind === 'digest' && /^top(?:\s|$)/i.test(asSlash.topic) && !/^["\u201c\u201d]/.test(typed)) {
      throw new UsageError('digest preview shows a topic digest, and `/paper subscribe top …` starts a top list: its next post is `/paper digest top [topic]` in the local console (npm start).');
    }
    if (asSlash.kind === 'digest' && asSlash.topic.startsWith('like:')) {
      throw new UsageError(`digest preview shows a topic digest, not a feed of papers like examples: npm run cli -- similar ${asSlash.topic.slice('like:'.length).split(',')[0] ?? '<id>'} lists the papers most like one.`);
    }
    const topic = asSlash.kind === 'digest' ? asSlash.topic : typed;
    const { composeDigest } = await import('./digests/compose.ts');
    const hits = await withCorpus(config, logger, ({ search }) => Promise.resolve(composeDigest(search, topic, new Set(), config.digest.size)));
    if (json) {
      const papers = hits.map(({ paper, score }) => ({ id: paper.id, title: paper.title, score: Number(score.toFixed(4)), date: paper.date, upvotes: paper.upvotes, url: paper.url }));
      process.stdout.write(`${JSON.stringify({ topic, papers }, null, 2)}\n`);
    } else {
      const [{ renderText }, { digestPreviewMessage }] = await Promise.all([import('./local/render-text.ts'), import('./views/digest.ts')]);
      process.stdout.write(`${renderText(digestPreviewMessage({ topic, hits, nextRunText: null, noChannel: true }), NO_BUTTONS)}\n`);
    }
    return 0;
  }
  if (action === 'run') {
    if (!config.slack.botToken) throw new UsageError('digest run posts to Slack: set SLACK_BOT_TOKEN (see .env.example).');
    const [{ webApi }, { runDueDigests }, { openRuntime }, { digestClientOptions }, { SlackDigestPoster }] = await Promise.all([
      import('@slack/bolt'),
      import('./digests/runner.ts'),
      import('./runtime.ts'),
      import('./slack/client-options.ts'),
      import('./slack/digest-poster.ts'),
    ]);
    const runtime = await openRuntime(config, logger);
    try {
      await runtime.loadIndex();
      const client = new webApi.WebClient(
        config.slack.botToken,
        digestClientOptions({ apiUrl: config.slack.apiUrl, timeoutMs: config.slack.timeoutMs, logger }),
      );
      const report = await runDueDigests(runtime.runnerDeps(new SlackDigestPoster(() => client)), runtime.clock());
      if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else if (report.outcomes.length === 0) process.stdout.write('No digest is due.\n');
      else {
        for (const o of report.outcomes) {
          process.stdout.write(`#${o.subscriptionId} ${o.digestDate}: ${o.outcome}${o.detail ? ` (${o.detail})` : ''}\n`);
        }
      }
      return report.outcomes.some((o) => o.outcome === 'failed') ? 1 : 0;
    } finally {
      await runtime.close();
    }
  }
  throw new UsageError('digest takes "run" or "preview <topic>".');
}

async function runBatchSearch(config: Config, logger: Logger, file: string, extra: string[], rawLimit: string | undefined): Promise<number> {
  if (extra.length > 0) throw new UsageError('search --batch reads its queries from the file: give no query after it.');
  if (!file) throw new UsageError('search --batch needs a file of queries, one per line (- for stdin).');
  const limit = parseLimit(rawLimit);
  // Opened before the index is loaded, so a missing file is said at once.
  const input = file === '-' ? process.stdin : await open(file, 'r').then(
    (handle) => handle.createReadStream({ encoding: 'utf8' }),
    (error: unknown) => {
      throw new UsageError(`cannot read ${file} (${errorText(error)}).`);
    },
  );
  const { runSearchBatch } = await import('./search-batch.ts');
  const report = await withCorpus(config, logger, ({ search }) => runSearchBatch(search, input, process.stdout, { limit }));
  logger.info(`search --batch: ${report.lines} lines, ${report.searched} searched, ${report.failed} not searched`);
  return 0;
}

/** The corpus as the bot serves it: seeds upserted into the store, the index built from the papers table. */
async function withCorpus<T>(
  config: Config,
  logger: Logger,
  use: (corpus: { runtime: Runtime; search: PaperSearch; seeded: SeedReport }) => Promise<T>,
): Promise<T> {
  const { openRuntime } = await import('./runtime.ts');
  const runtime = await openRuntime(config, logger);
  try {
    const seeded = await runtime.loadIndex();
    const search = runtime.searchState.current;
    if (!search) throw new Error('the search index did not load');
    return await use({ runtime, search, seeded });
  } finally {
    await runtime.close();
  }
}

async function runIngestCommand(
  config: Config,
  logger: Logger,
  args: string[],
  options: { json: boolean; date: string | undefined; since: string | undefined },
): Promise<number> {
  const [target, ...extra] = args;
  if (!target || extra.length > 0) throw new UsageError('ingest takes "hf" or one file, e.g. npm run cli -- ingest hf --date 2025-02-17');
  if (target !== 'hf' && (options.date !== undefined || options.since !== undefined)) {
    throw new UsageError('--date and --since only apply to "ingest hf".');
  }
  let days: string[] = [];
  if (target === 'hf') {
    try {
      days = ingestDays({ date: options.date, since: options.since }, new Date());
    } catch (error) {
      if (error instanceof IngestDateError) throw new UsageError(error.message);
      throw error;
    }
  }
  // Progress (retries, skipped items) is logged at info/warn on stderr; the report goes to stdout.
  const [{ openRuntime }, { seedCorpus }, { formatReport, ingestFile, ingestHfDays }] = await Promise.all([
    import('./runtime.ts'),
    import('./ingest/corpus-index.ts'),
    import('./ingest/ingest.ts'),
  ]);
  const runtime = await openRuntime(config, logger);
  try {
    // Seeds first, so a paper that is also on a seed page merges into it (it keeps the seed's id).
    await seedCorpus(runtime.store, config.seedsDir, logger, runtime.clock());
    const report = target === 'hf' ? await ingestHfDays(runtime.ingestDeps, days) : await ingestFile(runtime.ingestDeps, target);
    process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`paper-digest: ${error.message}\n`);
      exitAfterOutput(2);
      return;
    }
    process.stderr.write(`paper-digest: ${errorText(error)}\n`);
    exitAfterOutput(1);
  },
);
