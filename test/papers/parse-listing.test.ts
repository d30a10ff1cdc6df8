import { describe, expect, it } from 'vitest';
import { looksLikeAbstract, parseListing, type ParsedPaper } from '../../src/papers/parse-listing.ts';
import {
  COMPACT,
  SEED_FILES,
  SPACED,
  SPACED_2,
  SPACED_NO_META,
  prng,
  seedLines,
  seedReplacing,
  seedSlice,
  seedText,
  seedWithout,
} from './seed-fixtures.ts';

const HYDRA = 'Hydra: Sequentially-Dependent Draft Heads for Medusa Decoding';
const NPU = 'The NPU-ASLP-LiAuto System Description for Visual Speech Recognition in CNVSRC 2023';
const BOOSTING = 'Boosting CTC-Based ASR Using LLM-Based Intermediate Loss Regularization';
const EFFICIENT_CONFORMER =
  'Efficient conformer: Progressive downsampling and grouped attention for automatic speech recognition';
const MECHANISTIC = 'Mechanistic Interpretation through Contextual Decomposition in Transformers';
const MASK = "It's All in The [MASK]: Simple Instruction-Tuning Enables BERT-like Masked Language Models As Generative Classifiers";

function parse(text: string, source = 'page.txt') {
  return parseListing(text, { source });
}

function byTitle(papers: ParsedPaper[], title: string): ParsedPaper {
  const found = papers.find((paper) => paper.title === title);
  if (!found) throw new Error(`no paper titled ${JSON.stringify(title)}`);
  return found;
}

/** Title, abstract and metadata: what a page says about a paper, without where it said it. */
function content(papers: ParsedPaper[]) {
  return papers.map(({ title, abstract, authorCount, date, dateHasYear, upvotes }) => ({
    title,
    abstract,
    authorCount,
    date,
    dateHasYear,
    upvotes,
  }));
}

const reference = {
  compact: parse(seedText(COMPACT), COMPACT),
  spaced: parse(seedText(SPACED), SPACED),
};

describe('the real seed pages', () => {
  it.each([
    [COMPACT, 'compact', 119, 0],
    [SPACED_NO_META, 'spaced', 62, 0],
    [SPACED, 'spaced', 36, 33],
    [SPACED_2, 'spaced', 55, 53],
  ])('%s is read as %s: %i papers (%i with a date), no warnings', (file, layout, count, dated) => {
    const result = parse(seedText(file), file);
    expect(result.warnings).toEqual([]);
    expect(result.layout).toBe(layout);
    expect(result.papers).toHaveLength(count);
    expect(result.papers.filter((paper) => paper.date !== null)).toHaveLength(dated);
    for (const paper of result.papers) {
      expect(paper.title.trim()).not.toBe('');
      expect(paper.abstract.trim()).not.toBe('');
      expect(paper.source).toBe(file);
      // The title is the page's line, verbatim (bar a "Subscribe" glued in front on the compact page).
      expect(seedLines(file)[paper.line - 1]?.endsWith(paper.title)).toBe(true);
      expect(paper.abstract.length).toBeGreaterThan(500);
      expect(paper.title.length).toBeLessThan(200);
    }
  });

  it('Hydra: 6 authors, Feb 7, 2024, 2 upvotes', () => {
    expect(byTitle(reference.spaced.papers, HYDRA)).toEqual({
      title: HYDRA,
      abstract: expect.stringMatching(/^To combat the memory bandwidth-bound nature of autoregressive.*speculative decoding\.$/),
      authorCount: 6,
      date: '2024-02-07',
      dateHasYear: true,
      upvotes: 2,
      source: SPACED,
      line: 57,
    });
  });

  it('compact page: the first title is un-glued from "Subscribe" and paired with the next line', () => {
    const [first, second] = reference.compact.papers;
    expect(first).toMatchObject({
      title: NPU,
      abstract: expect.stringMatching(/^This paper delineates the visual speech recognition \(VSR\) system.*participate\.$/),
      authorCount: null,
      date: null,
      upvotes: null,
      line: 3,
    });
    expect(second).toMatchObject({ title: BOOSTING, abstract: expect.stringMatching(/^End-to-end \(E2E\)/), line: 5 });
    expect(reference.compact.papers.at(-1)).toMatchObject({
      title: 'RCMHA: Relative Convolutional Multi-Head Attention for Natural Language Modelling',
      line: 239,
      abstract: expect.stringMatching(/which necessitates 3\.5 GB\.$/),
    });
  });

  it('year-less dates take their year from the page: "Mar 20" → 2025-03-20, "Oct 13 2" → 2025-10-13 with 2 upvotes', () => {
    expect(
      byTitle(
        reference.spaced.papers,
        'Learning to Efficiently Adapt Foundation Models for Self-Supervised Endoscopic 3D Scene Reconstruction from Any Cameras',
      ),
    ).toMatchObject({ authorCount: 11, date: '2025-03-20', dateHasYear: false, upvotes: null, line: 21 });

    const page3 = parse(seedText(SPACED_2), SPACED_2).papers;
    expect(
      byTitle(page3, 'Deconstructing Attention: Investigating Design Principles for Effective Language Modeling'),
    ).toMatchObject({ authorCount: 3, date: '2025-10-13', dateHasYear: false, upvotes: 2 });
    expect(byTitle(page3, 'Cross-Attention is Half Explanation in Speech-to-Text Models')).toMatchObject({
      authorCount: 5,
      date: '2025-09-22',
      upvotes: 2,
    });

    // Recorded as captured earlier in the year, "Mar 20" was last year's.
    const early = parseListing(seedText(SPACED), { source: SPACED, capturedAt: new Date('2025-03-01T00:00:00Z') });
    expect(byTitle(early.papers, HYDRA).date).toBe('2024-02-07');
    expect(
      early.papers.find((paper) => paper.title.startsWith('Learning to Efficiently Adapt Foundation Models'))?.date,
    ).toBe('2024-03-20');
  });

  it('the listing date under the page chrome ("Dec 26") is not taken as a paper\'s date', () => {
    const first = reference.spaced.papers[0];
    expect(first).toMatchObject({
      title: 'Diffusion Models for Multi-Task Generative Modeling',
      line: 13,
      authorCount: 8,
      date: '2024-07-24',
    });
  });

  it('a paper without a metadata block has null metadata and does not borrow its neighbour\'s', () => {
    const scaling = byTitle(reference.spaced.papers, 'Scaling Laws in Patchification: An Image Is Worth 50,176 Tokens And More');
    expect(scaling).toMatchObject({ authorCount: null, date: null, upvotes: null, line: 29 });
    const medusa = byTitle(
      reference.spaced.papers,
      'MEDUSA: Multi-scale Encoder-Decoder Self-Attention Deep Neural Network Architecture for Medical Image Analysis',
    );
    expect(medusa).toMatchObject({ authorCount: 7, date: '2021-10-12', upvotes: null });
  });
});

describe('line shape, not words', () => {
  it('a title with "?" and a trailing "...." is still a title', () => {
    const title = byTitle(
      reference.spaced.papers,
      'Attention is All You Need? Good Embeddings with Statistics are enough:Large Scale Audio Understanding without Transformers/ Convolutions/ BERTs/ Mixers/ Attention/ RNNs or ....',
    );
    expect(title).toMatchObject({ line: 105, authorCount: 1 });
  });

  it('an abstract containing "authors", an author count and a date stays one abstract', () => {
    const medusa = reference.spaced.papers.find((paper) => paper.title.startsWith('MEDUSA'));
    expect(medusa?.abstract).toContain("To the best of the authors' knowledge");

    const lines = seedLines(SPACED);
    const abstract = lines[58] ?? '';
    const text = seedReplacing(SPACED, 59, `${abstract} Checked by  • 8 authors · Jul 24, 2024 and Mar 20 2.`);
    const hydra = byTitle(parse(text).papers, HYDRA);
    expect(hydra.abstract).toMatch(/Checked by • 8 authors · Jul 24, 2024 and Mar 20 2\.$/);
    expect(hydra).toMatchObject({ authorCount: 6, date: '2024-02-07', upvotes: 2 });
  });

  it('looksLikeAbstract tells the two apart by length and sentence structure', () => {
    expect(looksLikeAbstract('How Does Attention Work in Vision Transformers? A Visual Analytics Attempt')).toBe(false);
    expect(looksLikeAbstract('BAM! Just Like That: Simple and Efficient Parameter Upcycling for Mixture of Experts')).toBe(false);
    expect(looksLikeAbstract('Attention Is All You Need.')).toBe(false);
    // "?" and "!" do occur mid-title; only full stops separate an abstract's sentences.
    expect(looksLikeAbstract('Does Circuit Analysis Scale? Evidence from Multiple Choice Capabilities.')).toBe(false);
    expect(looksLikeAbstract('Attention is All You Need? Good Embeddings are enough. RNNs or ....')).toBe(false);
    expect(looksLikeAbstract('We propose a model. It beats the baselines on three benchmarks.')).toBe(true);
    expect(looksLikeAbstract('x'.repeat(300))).toBe(true);
  });

  it('detects the layout from the page, not the file name', () => {
    // 001's papers without blank lines between them: a compact page.
    const squeezed = seedText(SPACED_NO_META)
      .split('\n')
      .filter((line) => line !== '')
      .join('\n');
    const compact = parse(squeezed, '003_looks_spaced.txt');
    const original = parse(seedText(SPACED_NO_META), SPACED_NO_META);
    expect(compact.layout).toBe('compact');
    expect(compact.warnings).toEqual([]);
    expect(content(compact.papers)).toEqual(content(original.papers));

    // 000's papers with blank lines between them: a spaced page.
    const spread = parse(seedText(COMPACT).split('\n').join('\n\n'), '000_looks_compact.txt');
    expect(spread.layout).toBe('spaced');
    expect(spread.warnings).toEqual([]);
    expect(content(spread.papers)).toEqual(content(reference.compact.papers));
  });
});

describe('robustness', () => {
  it.each([
    ['CRLF', 'compact', COMPACT],
    ['CRLF', 'spaced', SPACED],
    ['CR', 'spaced', SPACED],
  ])('%s line ends (%s page) give the same papers and lines', (ending, _layout, file) => {
    const lf = parse(seedText(file), file);
    const crlf = parse(seedText(file).replace(/\n/g, ending === 'CR' ? '\r' : '\r\n'), file);
    expect(crlf.warnings).toEqual([]);
    expect(crlf.papers).toEqual(lf.papers);
    for (const paper of crlf.papers) expect(paper.title).not.toMatch(/\r/);
  });

  it.each([
    ['compact', COMPACT],
    ['spaced', SPACED],
  ])('a UTF-8 byte order mark (%s page) is ignored', (_layout, file) => {
    const result = parse(`\uFEFF${seedText(file)}`, file);
    expect(result.warnings).toEqual([]);
    expect(result.papers).toEqual(parse(seedText(file), file).papers);
    expect(result.papers[0]?.title).not.toContain('\uFEFF');
  });

  it('trailing spaces and tabs on every line change nothing', () => {
    const padded = seedText(SPACED)
      .split('\n')
      .map((line, index) => `${line}${index % 2 === 0 ? ' \t' : '\t  '}`)
      .join('\n');
    const result = parse(padded, SPACED);
    expect(result.warnings).toEqual([]);
    expect(result.papers).toEqual(reference.spaced.papers);
    expect(byTitle(result.papers, HYDRA)).toMatchObject({ authorCount: 6, upvotes: 2 });
  });

  it('a spaced page without its header chrome (and listing date) gives the same papers', () => {
    const result = parse(seedSlice(SPACED, 13, 999), SPACED);
    expect(result.layout).toBe('spaced');
    expect(result.warnings).toEqual([]);
    expect(content(result.papers)).toEqual(content(reference.spaced.papers));
    expect(byTitle(result.papers, HYDRA).line).toBe(57 - 12);
  });

  it('a compact page without its header chrome gives the same papers', () => {
    const lines = seedLines(COMPACT).slice(2);
    lines[0] = (lines[0] ?? '').replace(/^Subscribe/, '');
    const result = parse(lines.join('\n'), COMPACT);
    expect(result.layout).toBe('compact');
    expect(result.warnings).toEqual([]);
    expect(content(result.papers)).toEqual(content(reference.compact.papers));
    expect(result.papers[0]).toMatchObject({ title: NPU, line: 1 });
  });

  it('a spaced page cut right after a title drops that title with a warning naming file and line', () => {
    const result = parse(seedSlice(SPACED, 1, 58), SPACED);
    expect(result.papers.map((paper) => paper.title)).toEqual(
      reference.spaced.papers.slice(0, 6).map((paper) => paper.title),
    );
    expect(result.papers.at(-1)).toMatchObject({ title: MECHANISTIC, authorCount: 5, date: '2024-06-30' });
    expect(result.warnings).toEqual([
      { source: SPACED, line: 57, message: expect.stringMatching(/^paper cut off: no abstract for title "Hydra/) },
    ]);
  });

  it('a spaced page cut after "·" keeps the paper and its author count, without date or upvotes', () => {
    const result = parse(seedSlice(SPACED, 1, 62), SPACED);
    expect(result.papers).toHaveLength(7);
    expect(result.papers.at(-1)).toMatchObject({ title: HYDRA, authorCount: 6, date: null, upvotes: null });
    expect(result.warnings).toEqual([
      { source: SPACED, line: 62, message: expect.stringMatching(/metadata cut off: no date after "·"/) },
    ]);
  });

  it('a spaced page cut after the author count keeps the count', () => {
    const result = parse(seedSlice(SPACED, 1, 61), SPACED);
    expect(result.papers.at(-1)).toMatchObject({ title: HYDRA, authorCount: 6, date: null });
    expect(result.warnings).toEqual([
      { source: SPACED, line: 61, message: expect.stringMatching(/metadata cut off: no date after the author count/) },
    ]);
  });

  it('a spaced page cut in the middle of an abstract keeps the paper with what is there, and warns', () => {
    const abstract = seedLines(SPACED)[58] ?? '';
    const cut = abstract.slice(0, 700);
    const result = parse(`${seedSlice(SPACED, 1, 58)}\n${cut}`, SPACED);
    expect(result.papers).toHaveLength(7);
    expect(result.papers.at(-1)).toMatchObject({ title: HYDRA, abstract: cut.trim(), authorCount: null, date: null });
    expect(result.warnings).toEqual([
      { source: SPACED, line: 59, message: expect.stringMatching(/abstract looks cut off/) },
    ]);
  });

  it('a compact page cut after a title drops that title with a warning; cut in an abstract keeps it', () => {
    const afterTitle = parse(seedSlice(COMPACT, 1, 9), COMPACT);
    expect(afterTitle.papers.map((paper) => paper.title)).toEqual([NPU, BOOSTING, EFFICIENT_CONFORMER]);
    expect(afterTitle.warnings).toEqual([
      { source: COMPACT, line: 9, message: expect.stringMatching(/^paper cut off: no abstract for title "Improved training/) },
    ]);

    const shortCut = (seedLines(COMPACT)[9] ?? '').slice(0, 80);
    const inAbstract = parse(`${seedSlice(COMPACT, 1, 9)}\n${shortCut}`, COMPACT);
    expect(inAbstract.papers).toHaveLength(4);
    expect(inAbstract.papers.at(-1)).toMatchObject({
      title: 'Improved training of end-to-end attention models for speech recognition',
      abstract: shortCut,
    });
    expect(inAbstract.warnings).toEqual([
      { source: COMPACT, line: 10, message: expect.stringMatching(/abstract looks cut off/) },
    ]);
  });

  it('a title whose abstract is missing mid-page is dropped; neighbours keep their own metadata', () => {
    const result = parse(seedWithout(SPACED, 59), SPACED);
    expect(result.papers).toHaveLength(35);
    expect(result.papers.find((paper) => paper.title === HYDRA)).toBeUndefined();
    expect(byTitle(result.papers, MECHANISTIC)).toMatchObject({ authorCount: 5, date: '2024-06-30', upvotes: null });
    expect(byTitle(result.papers, MASK)).toMatchObject({ authorCount: 3, line: 64 });
    expect(result.warnings).toEqual([
      { source: SPACED, line: 57, message: expect.stringMatching(/^paper cut off: no abstract/) },
    ]);
  });

  it('compact page with a title missing: warns at the orphan abstract instead of swapping', () => {
    const result = parse(seedWithout(COMPACT, 5), COMPACT);
    expect(result.papers).toHaveLength(118);
    expect(result.papers.find((paper) => paper.title.startsWith('End-to-end (E2E)'))).toBeUndefined();
    expect(result.papers.slice(0, 2).map((paper) => paper.title)).toEqual([NPU, EFFICIENT_CONFORMER]);
    expect(byTitle(result.papers, EFFICIENT_CONFORMER).abstract).toMatch(/^The recently proposed Conformer/);
    expect(result.warnings).toEqual([
      { source: COMPACT, line: 5, message: expect.stringMatching(/^expected a title but found abstract-like text/) },
    ]);
  });

  it('compact page with an abstract missing: drops that title with a warning, the next pair is intact', () => {
    const result = parse(seedWithout(COMPACT, 6), COMPACT);
    expect(result.papers).toHaveLength(118);
    expect(result.papers.find((paper) => paper.title === BOOSTING)).toBeUndefined();
    expect(byTitle(result.papers, EFFICIENT_CONFORMER)).toMatchObject({
      line: 6,
      abstract: expect.stringMatching(/^The recently proposed Conformer/),
    });
    expect(result.warnings).toEqual([
      { source: COMPACT, line: 5, message: expect.stringMatching(/^paper cut off: no abstract for title "Boosting/) },
    ]);
  });

  it('an unrecognised author line is reported and skipped; the date still counts', () => {
    const result = parse(seedReplacing(SPACED, 61, '  • six authors'), SPACED);
    expect(byTitle(result.papers, HYDRA)).toMatchObject({ authorCount: null, date: '2024-02-07', upvotes: 2 });
    expect(result.warnings).toEqual([
      { source: SPACED, line: 61, message: expect.stringMatching(/^unrecognised metadata line "• six authors"/) },
    ]);
  });

  it('a garbled date under "·" is reported, and the next title is not mistaken for metadata', () => {
    const result = parse(seedReplacing(SPACED, 63, 'Feb 7, 20'), SPACED);
    expect(result.papers).toHaveLength(36);
    expect(byTitle(result.papers, HYDRA)).toMatchObject({ authorCount: 6, date: null, upvotes: null });
    expect(byTitle(result.papers, MASK)).toMatchObject({ authorCount: 3 });
    expect(result.warnings).toEqual([
      { source: SPACED, line: 63, message: expect.stringMatching(/^unrecognised metadata line "Feb 7, 20"/) },
    ]);
  });

  it('an impossible date is reported and the paper kept without one', () => {
    const result = parse(seedReplacing(SPACED, 63, 'Feb 30, 2024 2'), SPACED);
    expect(byTitle(result.papers, HYDRA)).toMatchObject({ authorCount: 6, date: null, upvotes: 2 });
    expect(result.warnings).toEqual([
      { source: SPACED, line: 63, message: expect.stringMatching(/^invalid date "Feb 30, 2024"/) },
    ]);
  });

  it('a page cut at the top, mid-metadata or mid-abstract, warns once and reads the rest', () => {
    const midMeta = parse(seedSlice(SPACED, 17, 999), SPACED);
    expect(midMeta.papers).toHaveLength(35);
    expect(midMeta.papers[0]?.title).toMatch(/^Learning to Efficiently Adapt/);
    expect(midMeta.warnings).toEqual([
      { source: SPACED, line: 1, message: expect.stringMatching(/outside any paper/) },
    ]);

    const midAbstract = parse(seedSlice(SPACED, 15, 999), SPACED);
    expect(midAbstract.papers).toHaveLength(35);
    expect(midAbstract.warnings).toEqual([
      { source: SPACED, line: 1, message: expect.stringMatching(/^expected a title but found abstract-like text/) },
    ]);
  });
});

describe('never throws, never emits half a paper', () => {
  const isWhole = (paper: ParsedPaper) => paper.title.trim() !== '' && paper.abstract.trim() !== '';

  it('an empty page gives no papers and one page-level warning', () => {
    for (const text of ['', '\uFEFF', '\n\n\r\n', '   \t  ']) {
      const result = parse(text);
      expect(result.papers).toEqual([]);
      expect(result.warnings).toEqual([{ source: 'page.txt', line: 0, message: 'empty page: no papers' }]);
    }
  });

  it('chrome only, or a lone title, gives no papers', () => {
    expect(parse(seedSlice(SPACED, 1, 12)).papers).toEqual([]);
    const lone = parse('A Title With No Abstract');
    expect(lone.papers).toEqual([]);
    expect(lone.warnings).toEqual([
      { source: 'page.txt', line: 1, message: expect.stringMatching(/^paper cut off: no abstract/) },
    ]);
  });

  it('binary-ish input is refused with a warning', () => {
    const random = prng(42);
    const bytes = Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(random() * 256)));
    const result = parse(bytes.toString('utf8'), 'blob.txt');
    expect(result.papers).toEqual([]);
    expect(result.warnings).toEqual([{ source: 'blob.txt', line: 0, message: expect.stringMatching(/binary/) }]);
  });

  it('garbage text and non-string input do not throw, and whatever comes out is whole', () => {
    const random = prng(7);
    const alphabet = 'abc DEF.,!?·•\t\r\n0123456789 authors Jul 24, 2024\n\n';
    for (let round = 0; round < 200; round += 1) {
      const length = Math.floor(random() * 3000);
      let text = '';
      for (let i = 0; i < length; i += 1) text += alphabet[Math.floor(random() * alphabet.length)] ?? '';
      const result = parse(text);
      expect(result.papers.every(isWhole)).toBe(true);
    }
    expect(() => parse(undefined as unknown as string)).not.toThrow();
    expect(() => parse(null as unknown as string)).not.toThrow();
  });

  it.each([
    ['compact', COMPACT],
    ['spaced', SPACED],
    ['spaced', SPACED_2],
  ])('%s page %s cut at any point: earlier papers intact, the last one whole or dropped', (_layout, file) => {
    const text = seedText(file);
    const full = new Map(parse(text, file).papers.map((paper) => [paper.title, paper]));
    const lineCount = text.split('\n').length;
    for (let end = 0; end <= text.length; end += 241) {
      const result = parse(text.slice(0, end), file);
      result.papers.forEach((paper, index) => {
        const original = full.get(paper.title);
        expect(original, `cut at ${end}: unknown title ${paper.title}`).toBeDefined();
        expect(isWhole(paper)).toBe(true);
        if (index < result.papers.length - 1) {
          expect(paper).toEqual(original);
        } else {
          expect(original?.abstract.startsWith(paper.abstract)).toBe(true);
        }
      });
      for (const warning of result.warnings) {
        expect(warning.source).toBe(file);
        expect(warning.line).toBeGreaterThanOrEqual(0);
        expect(warning.line).toBeLessThanOrEqual(lineCount);
      }
    }
  });
});
