import 'dotenv/config';
import { parseArgs } from 'node:util';
import { webApi } from '@slack/bolt';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { composeDigest } from './digests/compose.ts';
import { runDueDigests } from './digests/runner.ts';
import { openRuntime } from './runtime.ts';
import { SlackDigestPoster } from './slack/digest-poster.ts';
import { digestPreviewMessage } from './slack/views/digest.ts';
import { renderText } from './local/render-text.ts';
import { createLogger, LogLevel, type Logger } from './logger.ts';
import { loadSearchFromSeeds } from './search/load-search.ts';
import { searchResultsMessage } from './slack/views/search-results.ts';
import { corpusStats } from './papers/stats.ts';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  search "<query>" [--limit N] [--json]   Search the papers
  stats [--json]                          Corpus figures
  digest run [--json]                     Post every digest that is due now, then exit
                                          (for an external scheduler; needs SLACK_BOT_TOKEN)
  digest preview "<topic>" [--json]       What a new subscription to the topic would get first

Options:
  --json      Machine-readable output on stdout
  --limit N   How many results (default 10, at most 100)
`;

class UsageError extends Error {}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined) return 10;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new UsageError(`--limit must be a whole number from 1 to 100 (got "${raw}").`);
  return limit;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig();
  // stdout carries the answer; only problems go to stderr.
  const logger = createLogger({ level: config.logLevel === LogLevel.DEBUG ? LogLevel.DEBUG : LogLevel.WARN });

  switch (command) {
    case 'search': {
      const query = rest.join(' ');
      if (!query.trim()) throw new UsageError('search needs a query, e.g. npm run cli -- search "sparse attention"');
      const limit = parseLimit(values.limit);
      const { search } = await loadSearchFromSeeds(config.seedsDir, logger);
      const page = search.search(query, { limit });
      if (values.json) {
        const results = page.hits.map(({ paper, score, snippet }) => ({
          id: paper.id,
          title: paper.title,
          score: Number(score.toFixed(4)),
          snippet: snippet.text,
          authors: paper.authors.length > 0 ? paper.authors : paper.authorCount,
          date: paper.date,
          upvotes: paper.upvotes,
          url: paper.url,
        }));
        process.stdout.write(`${JSON.stringify({ query: page.query, total: page.total, results }, null, 2)}\n`);
      } else {
        process.stdout.write(`${renderText(searchResultsMessage(page, { pageSize: limit }))}\n`);
      }
      return 0;
    }
    case 'stats': {
      const { papers, files } = await loadSearchFromSeeds(config.seedsDir, logger);
      const stats = { ...corpusStats(papers), seedPages: files.length };
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
    default:
      throw new UsageError(`unknown command "${command}".\n\n${USAGE}`);
  }
}

async function runDigestCommand(config: Config, logger: Logger, args: string[], json: boolean): Promise<number> {
  const [action, ...words] = args;
  if (action === 'preview') {
    const topic = words.join(' ').trim();
    if (!topic) throw new UsageError('digest preview needs a topic, e.g. npm run cli -- digest preview "sparse attention"');
    const { search } = await loadSearchFromSeeds(config.seedsDir, logger);
    const hits = composeDigest(search, topic, new Set(), config.digest.size);
    if (json) {
      const papers = hits.map(({ paper, score }) => ({ id: paper.id, title: paper.title, score: Number(score.toFixed(4)), date: paper.date, upvotes: paper.upvotes, url: paper.url }));
      process.stdout.write(`${JSON.stringify({ topic, papers }, null, 2)}\n`);
    } else {
      process.stdout.write(`${renderText(digestPreviewMessage({ topic, hits, nextRunText: null }))}\n`);
    }
    return 0;
  }
  if (action === 'run') {
    if (!config.slack.botToken) throw new UsageError('digest run posts to Slack: set SLACK_BOT_TOKEN (see .env.example).');
    const runtime = await openRuntime(config, logger);
    try {
      await runtime.loadIndex();
      const client = new webApi.WebClient(config.slack.botToken, {
        ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
        logger,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      });
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError || (error instanceof TypeError && 'code' in error)) {
      process.stderr.write(`paper-digest: ${error.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`paper-digest: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
