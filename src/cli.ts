import 'dotenv/config';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.ts';
import { renderText } from './local/render-text.ts';
import { createLogger, LogLevel } from './logger.ts';
import { loadSearchFromSeeds } from './search/load-search.ts';
import { searchResultsMessage } from './slack/views/search-results.ts';
import { corpusStats } from './papers/stats.ts';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  search "<query>" [--limit N] [--json]   Search the papers
  stats [--json]                          Corpus figures

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
    default:
      throw new UsageError(`unknown command "${command}".\n\n${USAGE}`);
  }
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
