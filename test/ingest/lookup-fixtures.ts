/**
 * The Hugging Face and arXiv stand-ins as the paper lookup tests use them: real records from Hugging Face's
 * 2025-10-03 daily papers (../shared/fixtures), and Perelman's paper (math/0211159), which only arXiv has.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ArxivFixture, atomFixture } from './arxiv-fixture.ts';
import { HfFixture } from './hf-fixture.ts';

const HF_DAY = resolve(import.meta.dirname, '../../../shared/fixtures/hf-daily-papers/daily_papers_2025-10-03.json');
const DAY_ITEMS = JSON.parse(readFileSync(HF_DAY, 'utf8')) as Array<{ paper: Record<string, unknown> }>;

export const PERELMAN = 'math/0211159';

/** The record Hugging Face has for `arxivId` on that day, exactly as its API carries it. */
export function hfDayPaper(arxivId: string): Record<string, unknown> {
  const paper = DAY_ITEMS.find((item) => item.paper.id === arxivId)?.paper;
  if (!paper) throw new Error(`${arxivId} is missing from the HF fixture day`);
  return paper;
}

/** Both stand-ins started: Hugging Face knows Self-Forcing++ (2510.02283), arXiv knows Perelman's paper. */
export async function startLookupFixtures(): Promise<{ hf: HfFixture; arxiv: ArxivFixture }> {
  const hf = await new HfFixture().start();
  const arxiv = await new ArxivFixture().start();
  hf.setPaper('2510.02283', { json: hfDayPaper('2510.02283') });
  arxiv.setFeed(PERELMAN, { raw: atomFixture('arxiv-math-0211159.atom.xml') });
  return { hf, arxiv };
}
