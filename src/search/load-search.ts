import type { Logger } from '../logger.ts';
import { loadSeedPapers } from '../papers/load-seeds.ts';
import type { Paper } from '../papers/paper.ts';
import { createPaperSearch } from './paper-index.ts';
import type { PaperSearch } from './types.ts';

export interface LoadedSearch {
  search: PaperSearch;
  papers: Paper[];
  files: string[];
  millis: number;
}

/** Seed pages → papers → index, logging every parse warning with its file and line. */
export async function loadSearchFromSeeds(seedsDir: string, logger: Logger): Promise<LoadedSearch> {
  const started = performance.now();
  const { papers, warnings, files } = await loadSeedPapers(seedsDir);
  for (const warning of warnings) {
    logger.warn(`${warning.source}:${warning.line}: ${warning.message}`);
  }
  const search = createPaperSearch(papers);
  const millis = Math.round(performance.now() - started);
  logger.info(`indexed ${papers.length} papers from ${files.length} seed pages in ${millis} ms`);
  return { search, papers, files, millis };
}
