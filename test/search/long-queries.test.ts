import { describe, expect, it } from 'vitest';
import { conceptsOf } from '../../src/search/plan/concepts.ts';
import { planQuery } from '../../src/search/plan/query-plan.ts';
import { createPaperSearch, DEFAULT_RANKING } from '../../src/search/paper-index.ts';
import { parseQuery, type ParsedQuery } from '../../src/search/query.ts';
import { buildAcronymTable } from '../../src/search/tables/acronyms.ts';
import type { SearchPage } from '../../src/search/types.ts';
import { paper } from './fixtures.ts';

const titles = (page: SearchPage): string[] => page.hits.map((hit) => hit.paper.title);
/** The short queries' plan for every query: what the ranking did before long queries were planned on their own. */
const SHORT_PLAN_ONLY = {
  longQuery: { ...DEFAULT_RANKING.longQuery, minConcepts: Number.POSITIVE_INFINITY, minPieces: Number.POSITIVE_INFINITY },
};

function parsed(text: string): ParsedQuery {
  const query = parseQuery(text);
  if (query.status !== 'ok') throw new Error(`unparsable: ${text}`);
  return query;
}

describe('the plan depends on the length of the query', () => {
  const acronyms = buildAcronymTable(['Reactive oxygen species (ROS) damage cells.']);
  const plan = (text: string) => {
    const query = parsed(text);
    return planQuery(query, conceptsOf(query, acronyms), DEFAULT_RANKING);
  };
  const acronymBoost = (text: string): number =>
    plan(text)
      .expansions.filter((expansion) => expansion.stem === 'ro')
      .reduce((sum, expansion) => sum + expansion.boost, 0);

  it('a topic name (under five words) keeps the title weight and the adjacency bonus of the index', () => {
    const short = plan('reactive oxygen species');
    expect(short.long).toBe(false);
    expect(short.titleScale).toBe(1);
    expect(short.proximityBonus).toBe(DEFAULT_RANKING.proximityBonus);
    expect(short.expansionScoring).toBe('added');
  });

  it('a sentence weighs a title word as one abstract word, with a smaller adjacency bonus, expansions as synonyms', () => {
    const long = plan('the generation of reactive oxygen species by activated oncogenes damages cells');
    expect(long.long).toBe(true);
    expect(long.titleScale).toBeCloseTo(DEFAULT_RANKING.longQuery.titleWeight / DEFAULT_RANKING.bm25.titleWeight);
    expect(long.titleScale).toBeLessThan(1);
    expect(long.proximityBonus).toBeLessThan(DEFAULT_RANKING.proximityBonus);
    expect(long.expansionScoring).toBe('synonym');
  });

  it("in a sentence, the acronym of a three-word phrase weighs one word, not three", () => {
    expect(acronymBoost('reactive oxygen species')).toBeCloseTo(3);
    expect(acronymBoost('the generation of reactive oxygen species by activated oncogenes damages cells')).toBeCloseTo(1);
  });
});

describe('long natural-language queries', () => {
  it('a paper whose title shares a few words loses to the one whose abstract says what the sentence asks', () => {
    const corpus = [
      paper('Reducing Memory in Long Context Models', 'We survey hardware trends in data centres, cooling costs and rack power budgets.'),
      paper('Decoder Inference Study', 'We shrink the kv cache without retraining, by merging similar keys.'),
      paper('Image Segmentation', 'We segment medical images with convolutional networks.'),
    ];
    const query = 'papers that reduce kv cache memory for long context without retraining';
    expect(titles(createPaperSearch(corpus).search(query))[0]).toBe('Decoder Inference Study');
    // What it fixes: with the title weighed as for a topic name, the title-only paper came first.
    expect(titles(createPaperSearch(corpus, SHORT_PLAN_ONLY).search(query))[0]).toBe('Reducing Memory in Long Context Models');
  });

  it('a query that writes a phrase and its acronym does not let papers repeating the acronym outrank the rest of the sentence', () => {
    const corpus = [
      paper(
        'Cardiovascular Disease Registries',
        'Cardiovascular disease (CVD) registries record CVD events; CVD incidence and CVD mortality are tracked by region.',
      ),
      paper(
        'Chocolate Intake and Heart Health',
        'Moderate chocolate consumption was associated with a reduced risk of cardiovascular disease (CVD) in a cohort of adults.',
      ),
      paper('Sugar Taxes', 'Taxes on candy and soft drinks reduce consumption.'),
      paper('Statins', 'Statins lower the risk of CVD events in high-risk patients (cardiovascular disease, CVD).'),
    ];
    const query = 'Moderate consumption of candy and chocolate reduces the risk of cardiovascular disease (CVD)';
    expect(titles(createPaperSearch(corpus).search(query))[0]).toBe('Chocolate Intake and Heart Health');
    const before = titles(createPaperSearch(corpus, SHORT_PLAN_ONLY).search(query));
    expect(before.indexOf('Cardiovascular Disease Registries')).toBeLessThan(before.indexOf('Sugar Taxes'));
  });

  it('short queries rank as before: an acronym still finds the paper that only spells it out', () => {
    const corpus = [
      paper('Automatic Speech Recognition with Transducers', 'Automatic speech recognition (ASR) maps audio to text.'),
      paper('End-to-End ASR on Device', 'An ASR model that runs on phones.'),
    ];
    const search = createPaperSearch(corpus);
    expect(new Set(titles(search.search('ASR')))).toEqual(new Set(corpus.map((p) => p.title)));
    expect(titles(search.search('speech recognition'))).toEqual(titles(createPaperSearch(corpus, SHORT_PLAN_ONLY).search('speech recognition')));
  });
});
