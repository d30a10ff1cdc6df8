import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readListingPage } from './listing-check.ts';
import { mergePapers } from './merge.ts';
import type { Paper } from './paper.ts';
import type { ParsedPaper, ParseWarning } from './parse-listing.ts';

export interface LoadedSeeds {
  /** Merged across pages: one record per paper, sorted by date (newest first) then title. */
  papers: Paper[];
  /** Everything that did not fit, each naming its file (`source`) and 1-based line (0: the whole file). */
  warnings: ParseWarning[];
  /**
   * The `*.txt` files that were read, in load order (by name); one refused as not a listing page too, as a start that
   * finds the pages unchanged (and parses nothing) counts it.
   */
  files: string[];
}

function reason(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Node's own messages already start with the code ("ENOENT: no such file…"): say it once.
    return code && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

function compareNames(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

/** The `*.txt` files directly in `dir`, sorted by name; throws when the directory cannot be listed. */
async function seedPageNames(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith('.txt'))
      .map((entry) => entry.name)
      .sort(compareNames);
  } catch (error) {
    throw new Error(`cannot read the seed directory "${dir}" (${reason(error)})`, { cause: error });
  }
}

/**
 * sha256 over the seed pages' names and bytes: equal digests mean the pages are as they were (a start can skip
 * parsing them again). A file that cannot be read counts as its name and the error.
 */
export async function seedPagesDigest(dir: string): Promise<{ digest: string; files: string[] }> {
  // "-2": pages dated from themselves (page-dates.ts), not the clock: stores that hold the pages dated the old way
  // read them once more, and the page's dates correct the drifted ones (corpus-merge.ts).
  const hash = createHash('sha256').update('paper-digest-seed-pages-2');
  const files: string[] = [];
  for (const name of await seedPageNames(dir)) {
    const path = join(dir, name);
    const bytes = await readFile(path).catch((error: unknown) => Buffer.from(`unreadable: ${reason(error)}`));
    hash.update(`\n${name}\n${bytes.byteLength}\n`).update(bytes);
    files.push(path);
  }
  return { digest: hash.digest('hex'), files };
}

/**
 * Reads every `*.txt` listing page directly in `dir` (sorted by name, not recursive), parses each and
 * merges the papers. A directory that cannot be listed throws (the caller reports it); a file that cannot
 * be read, or is not a listing page (listing-check.ts), becomes a warning and the other files still load. Dates without a year take their year from
 * their own page (page-dates.ts), so a load gives the same dates whenever it runs.
 */
export async function loadSeedPapers(dir: string): Promise<LoadedSeeds> {
  const names = await seedPageNames(dir);

  const parsed: ParsedPaper[] = [];
  const warnings: ParseWarning[] = [];
  const files: string[] = [];
  if (names.length === 0) {
    warnings.push({ source: dir, line: 0, message: 'no *.txt seed pages in this directory' });
  }

  for (const name of names) {
    const path = join(dir, name);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      warnings.push({ source: path, line: 0, message: `cannot read this seed page (${reason(error)}); skipped` });
      continue;
    }
    files.push(path);
    const page = readListingPage(text, path);
    if (page.refusal !== null) {
      warnings.push({ source: path, line: 0, message: `${page.refusal}; skipped` });
      continue;
    }
    parsed.push(...page.papers);
    warnings.push(...page.warnings);
  }

  return { papers: mergePapers(parsed), warnings, files };
}
