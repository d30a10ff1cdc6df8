import { describe, expect, it } from 'vitest';
import {
  acronymKey,
  buildAcronymTable,
  findDefinitions,
  matchLongForm,
  normalizeShortForm,
  STANDARD_ABBREVIATIONS,
} from '../../src/search/tables/acronyms.ts';

describe('acronym definitions mined from text (Schwartz & Hearst)', () => {
  it.each([
    ['The key-value (KV) cache dominates memory.', 'KV', 'key-value'],
    ['We train with connectionist temporal classification (CTC) loss.', 'CTC', 'connectionist temporal classification'],
    ['Recent large language models (LLMs) are costly.', 'LLM', 'large language models'],
    ['A sparse Mixture-of-Experts (MoE) layer routes tokens.', 'MoE', 'Mixture-of-Experts'],
    ['We adapt the Vision Transformer (ViT) to video.', 'ViT', 'Vision Transformer'],
    ['End-to-end automatic speech recognition (ASR) systems', 'ASR', 'automatic speech recognition'],
  ])('%s → %s = %s', (text, short, long) => {
    expect(findDefinitions(text)).toEqual([{ short, long }]);
  });

  it('ignores parentheses that are no acronym definition', () => {
    for (const text of ['as shown before (Fig)', 'models (e.g. GPT) work', 'the results (2023) hold', 'an attention (ATT) module', 'a word (Attention)']) {
      expect(findDefinitions(text), text).toEqual([]);
    }
  });

  it('normalizes short forms: plural s dropped, at least two capitals', () => {
    expect(normalizeShortForm('LLMs')).toBe('LLM');
    expect(normalizeShortForm('ViT')).toBe('ViT');
    expect(normalizeShortForm('Fig')).toBeNull();
    expect(normalizeShortForm('x')).toBeNull();
    expect(normalizeShortForm('2023')).toBeNull();
  });

  it('matches right to left, the first letter on a word start', () => {
    expect(matchLongForm('KV', 'we study the key-value')).toBe('key-value');
    expect(matchLongForm('CTC', 'trained with connectionist temporal classification')).toBe('connectionist temporal classification');
    expect(matchLongForm('XYZ', 'nothing here spells it')).toBeNull();
  });
});

describe('the acronym table of a corpus', () => {
  const table = buildAcronymTable([
    'Frobnicated widget transforms (FWT) speed up widgets. We use the key-value (KV) cache.',
    'A second paper on frobnicated widget transforms (FWT).',
    'Connectionist temporal classification (CTC) is used for speech. So is connectionist temporal classification (CTC) again.',
    'Connectionist temporal classification (CTC) once more, and connectionist temporal classification (CTC).',
    'Counting tokens cleverly (CTC) is a stray definition.',
  ]);

  it('does not depend on the order of the papers: equally frequent long forms are kept by their words', () => {
    const texts = [
      'Quiet zebra mapping (QZM) works.',
      'Quantized zonal memory (QZM) helps.',
      'Query zoning method (QZM) scales.',
      'Quick zero matching (QZM) is fast.',
    ];
    const forward = buildAcronymTable(texts).longForms('qzm').map((form) => form.stems.join(' '));
    const backward = buildAcronymTable([...texts].reverse()).longForms('qzm').map((form) => form.stems.join(' '));
    expect(forward).toEqual(backward);
    expect(forward).toEqual(['quantiz zonal memori', 'queri zone method', 'quick zero match']);
  });

  it('knows corpus-defined acronyms both ways', () => {
    expect(table.longForms(acronymKey('FWT')).map((form) => form.stems)).toEqual([['frobnic', 'widget', 'transform']]);
    expect(table.acronymsFor(['frobnic', 'widget', 'transform'])).toEqual(['fwt']);
  });

  it('adds the standard abbreviations, after the corpus definitions', () => {
    expect(Object.keys(STANDARD_ABBREVIATIONS)).toContain('llm');
    expect(table.longForms('llm')[0]?.stems).toEqual(['larg', 'languag', 'model']);
    expect(table.longForms('kv')[0]?.stems).toEqual(['key', 'valu']);
  });

  it('lets a query leave out a generic leading modifier ("speech recognition" is ASR)', () => {
    expect(table.acronymsFor(['speech', 'recognit'])).toContain('asr');
    expect(table.acronymsFor(['languag', 'model'])).toContain('llm');
    expect(table.acronymsFor(['recognit'])).toEqual([]);
  });

  it('drops a long form defined far less often than the acronym\'s usual one', () => {
    expect(table.longForms('ctc').map((form) => form.stems.join(' '))).toEqual(['connectionist tempor classif']);
  });

  it('keeps how a long form is written, for marking it in snippets', () => {
    const kv = table.longForms('kv')[0];
    expect(kv?.spellings.map((s) => s.join(' '))).toContain('key valu');
  });
});
