/**
 * What the CLI says when node's parseArgs refuses the arguments, in the CLI's words instead of parseArgs' ("Unknown
 * option '-v'. To specify a positional argument starting with a '-', …'-- "-v"", its quote never closed). Pure.
 */

/** The CLI's options: name → whether it takes a value. */
export const CLI_OPTIONS = { json: false, limit: true, batch: true, date: true, since: true, help: false } as const;

const VALUE_EXAMPLES: Record<string, string> = { limit: '--limit 5', batch: '--batch queries.txt', date: '--date 2025-02-17', since: '--since 2025-02-01' };

/** A word as a POSIX shell takes it: plain when safe, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w:./=-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

function isKnown(arg: string): boolean {
  if (arg === '-h') return true;
  const name = /^--([^=]+)/.exec(arg)?.[1];
  return name !== undefined && Object.hasOwn(CLI_OPTIONS, name);
}

/**
 * The sentence for a parseArgs error (its `code`), or null for an error that is not one of them. `argv`: the CLI's
 * arguments as given.
 */
export function argsErrorText(error: unknown, argv: readonly string[]): string | null {
  const code = error instanceof TypeError && 'code' in error ? String(error.code) : '';
  const before = argv.indexOf('--') === -1 ? argv : argv.slice(0, argv.indexOf('--'));
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = before.find((arg) => arg.startsWith('-') && arg !== '-' && !isKnown(arg)) ?? '';
    const options = '--json, --limit N, --batch FILE, --date D, --since D, --help';
    // `search -vision attention`: an excluded word, read as an option. The query goes after `--`.
    if (before[0] === 'search' && /^-[^-]/u.test(unknown)) {
      const words = before.slice(1);
      const query = words.filter((arg, i) => !isKnown(arg) && !(i > 0 && /^--(limit|batch)$/.test(words[i - 1] ?? ''))).join(' ');
      const kept = words.filter((arg, i) => isKnown(arg) || (i > 0 && /^--(limit|batch)$/.test(words[i - 1] ?? '')));
      const again = ['npm run cli -- search', ...kept.map(shellWord), '--', shellWord(query)].join(' ');
      return `"${unknown}" is not an option: a query that starts with - goes after --, as in ${again}`;
    }
    return `"${unknown || 'that option'}" is not an option (the options: ${options}; npm run cli -- --help says which command takes which).`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = Object.keys(CLI_OPTIONS).find((option) => before.some((arg) => arg === `--${option}` || arg.startsWith(`--${option}=`)) && String(error instanceof Error ? error.message : '').includes(`--${option}`));
    if (name === undefined) return null;
    const example = VALUE_EXAMPLES[name];
    return example === undefined ? `--${name} takes no value: write --${name} alone.` : `--${name} needs a value, e.g. ${example}.`;
  }
  return null;
}
