import { describe, expect, it } from 'vitest';
import { arxivIdFromUrl, canonicalArxivId } from '../../src/papers/paper-links.ts';

/** Every URL form a paper is pasted in, and what it resolves to (null: not a paper page, left alone). */
const FORMS: Array<[string, string | null]> = [
  // arXiv abstract pages, any version, any host spelling
  ['https://arxiv.org/abs/2502.11089', '2502.11089'],
  ['https://arxiv.org/abs/2502.11089v1', '2502.11089'],
  ['https://arxiv.org/abs/2502.11089v12', '2502.11089'],
  ['http://arxiv.org/abs/2502.11089', '2502.11089'],
  ['https://www.arxiv.org/abs/2502.11089', '2502.11089'],
  ['https://export.arxiv.org/abs/2502.11089v2', '2502.11089'],
  ['https://ARXIV.org/abs/2502.11089', '2502.11089'],
  ['https://arxiv.org/abs/2502.11089?context=cs.CL', '2502.11089'],
  ['https://arxiv.org/abs/2502.11089#S3', '2502.11089'],
  ['https://arxiv.org/abs/2502.11089/', '2502.11089'],
  ['arxiv.org/abs/2502.11089', '2502.11089'],
  ['<https://arxiv.org/abs/2502.11089>', '2502.11089'],
  // four-digit numbers before 2015
  ['https://arxiv.org/abs/1706.0376', null],
  ['https://arxiv.org/abs/1412.6980v9', '1412.6980'],
  ['https://arxiv.org/abs/1706.03762', '1706.03762'],
  ['https://arxiv.org/abs/0704.0001', '0704.0001'],
  // PDFs, with and without .pdf
  ['https://arxiv.org/pdf/2502.11089', '2502.11089'],
  ['https://arxiv.org/pdf/2502.11089v3', '2502.11089'],
  ['https://arxiv.org/pdf/2502.11089.pdf', '2502.11089'],
  ['https://arxiv.org/pdf/2502.11089v2.pdf', '2502.11089'],
  // HTML renderings
  ['https://arxiv.org/html/2502.11089', '2502.11089'],
  ['https://arxiv.org/html/2502.11089v1', '2502.11089'],
  ['https://arxiv.org/html/2502.11089v1/', '2502.11089'],
  ['https://arxiv.org/html/2502.11089v1/#S2.SS1', '2502.11089'],
  ['https://arxiv.org/html/2502.11089v1/x1.png', '2502.11089'],
  // old-style ids; the subject class is not part of the id
  ['https://arxiv.org/abs/hep-th/9901001', 'hep-th/9901001'],
  ['https://arxiv.org/abs/hep-th/9901001v3', 'hep-th/9901001'],
  ['https://arxiv.org/pdf/math.GT/0309136v1.pdf', 'math/0309136'],
  ['https://arxiv.org/abs/cond-mat/0207270', 'cond-mat/0207270'],
  // Hugging Face and alphaXiv
  ['https://huggingface.co/papers/2502.11089', '2502.11089'],
  ['https://huggingface.co/papers/2502.11089#community', '2502.11089'],
  ['https://hf.co/papers/2502.11089', '2502.11089'],
  ['https://www.alphaxiv.org/abs/2502.11089', '2502.11089'],
  ['https://alphaxiv.org/abs/2502.11089v2', '2502.11089'],
  ['https://www.alphaxiv.org/overview/2502.11089', '2502.11089'],
  ['https://alphaxiv.org/overview/2502.11089v2).', '2502.11089'],
  // trailing junk from the message around the link
  ['https://arxiv.org/abs/2502.11089).', '2502.11089'],
  ['https://arxiv.org/abs/2502.11089v2,', '2502.11089'],
  ['https://arxiv.org/abs/2502.11089%29', '2502.11089'],
  ['https://arxiv.org/abs/2502.11089"', '2502.11089'],
  ['https://arxiv.org/pdf/2502.11089.pdf!', '2502.11089'],
  ['https://huggingface.co/papers/2502.11089)', '2502.11089'],
  // not papers: left alone
  ['https://arxiv.org/list/cs.CL/recent', null],
  ['https://arxiv.org/list/cs.LG/pastweek?show=100', null],
  ['https://arxiv.org/', null],
  ['https://arxiv.org/abs/', null],
  ['https://arxiv.org/a/vaswani_a_1', null],
  ['https://arxiv.org/search/?query=attention&searchtype=all', null],
  ['https://blog.arxiv.org/2025/01/01/news', null],
  ['https://arxiv.org/abs/2502.110899', null],
  ['https://arxiv.org/abs/2502.11089abc', null],
  ['https://arxiv.org/abs/2513.11089', null],
  ['https://arxiv.org/abs/2500.11089', null],
  ['https://arxiv.org/html/2502.11089v1x', null],
  ['https://huggingface.co/papers', null],
  ['https://huggingface.co/papers/trending', null],
  ['https://huggingface.co/datasets/2502.11089', null],
  ['https://huggingface.co/2502.11089', null],
  ['https://alphaxiv.org/overview', null],
  ['https://www.alphaxiv.org/explore', null],
  ['https://evil.example/abs/2502.11089', null],
  ['https://arxiv.org.evil.example/abs/2502.11089', null],
  ['javascript:alert(1)//arxiv.org/abs/2502.11089', null],
  ['not a url', null],
  ['', null],
];

describe('paper links → canonical arXiv id', () => {
  it.each(FORMS)('%s → %s', (url, id) => {
    expect(arxivIdFromUrl(url)).toBe(id);
  });

  it('canonical ids: versions and subject classes dropped, anything else refused', () => {
    expect(canonicalArxivId('2502.11089v4')).toBe('2502.11089');
    expect(canonicalArxivId('math.GT/0309136')).toBe('math/0309136');
    expect(canonicalArxivId('2502.1108')).toBeNull();
    expect(canonicalArxivId('hello')).toBeNull();
  });
});
