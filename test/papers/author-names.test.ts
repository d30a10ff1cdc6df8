import { describe, expect, it } from 'vitest';
import { authorKey, authorMatches, authorNameWords, authorNeedle, authorWordsText, sameAuthor } from '../../src/papers/author-names.ts';

describe('authorKey', () => {
  it.each([
    ['Tri Dao', 'tri dao'],
    ['  Tri   Dao  ', 'tri dao'],
    ['TRI DAO', 'tri dao'],
    ['Dao, Tri', 'tri dao'],
    ['Christopher D. Manning', 'christopher manning'],
    ['Manning, Christopher D.', 'christopher manning'],
    ['José Hernández-Orallo', 'jose hernandez-orallo'],
    ['Jean–Pierre Dupont', 'jean-pierre dupont'],
    ['Sørensen, Søren', 'soren sorensen'],
    ['Łukasz Kaiser', 'lukasz kaiser'],
    ["Conor O'Brien", 'conor obrien'],
    ['Conor O’Brien', 'conor obrien'],
    ['Martin Luther King Jr.', 'martin king'],
    ['Smith, John, Jr.', 'john smith'],
    ['Naoki Ii', 'naoki ii'],
    ['J.R.R. Tolkien', 'j tolkien'],
    ['张三', '张三'],
    ['山田 太郎', '山田 太郎'],
    ['Ludwig van Beethoven', 'ludwig beethoven'],
    ['<!channel>', 'channel'],
    ['', ''],
    ['   ', ''],
    ['.,;--', ''],
  ])('%j → %j', (name, key) => {
    expect(authorKey(name)).toBe(key);
  });
});

describe('sameAuthor', () => {
  it.each([
    ['Tri Dao', 'Tri  Dao', true],
    ['Tri Dao', 'tri dao', true],
    ['Tri Dao', 'Dao, Tri', true],
    ['Christopher D. Manning', 'Christopher Manning', true],
    ['Christopher D. Manning', 'Christopher David Manning', true],
    ['José Martínez', 'Jose Martinez', true],
    ['Zoë Kravitz', 'ZOE KRAVITZ', true],
    ['Jean-Pierre Dupont', 'Jean–Pierre Dupont', true],
    ['张三', '张三', true],
    ['Yoshua Bengio', 'Samy Bengio', false],
    // an initial is not a name: precision over recall
    ['J. Smith', 'John Smith', false],
    ['J. Smith', 'J Smith', true],
    ['J. Smith', 'J.Smith', true],
    ['Jean-Pierre Dupont', 'Jean Dupont', false],
    ['Tri Dao', 'Dao Tri', false],
    ['张三', '张四', false],
    ['', '', false],
    ['!!!', '???', false],
    ['Tri Dao', '', false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(sameAuthor(a, b)).toBe(same);
    expect(sameAuthor(b, a)).toBe(same);
  });
});

describe('authorMatches (what follows author:)', () => {
  it.each([
    ['Dao', 'Tri Dao', true],
    ['dao', 'Dao, Tri', true],
    ['Tri', 'Tri Dao', false],
    ['Tri Dao', 'Tri Dao', true],
    ['Lopez', 'María García-López', true],
    ['Garcia-Lopez', 'María García-López', true],
    ['Bengio', 'Samy Bengio', true],
    ['Yoshua Bengio', 'Samy Bengio', false],
    ['张三', '张三', true],
    ['', 'Tri Dao', false],
    ['""', 'Tri Dao', false],
    ['Dao', '', false],
  ])('%j names %j → %s', (typed, name, matches) => {
    expect(authorMatches(typed, name)).toBe(matches);
  });
});

describe('authorWordsText and authorNeedle (the cheap test before the words)', () => {
  const names = ['Tri Dao', 'Dao, Tri', "Conor O'Brien", 'Conor O’Brien', 'María García-López', 'Jean–Pierre Dupont', 'Sørensen, Søren', 'Smith, John, Jr.', 'J.R.R. Tolkien', '张三', 'A--B  C---D', '<!channel>'];
  // Whenever a typed name matches, the text holds its needle: the test never loses a match.
  const typed = ['Dao', 'Tri Dao', 'OBrien', "O'Brien", 'Lopez', 'García-López', 'Garcia Lopez', 'Jean-Pierre Dupont', 'Sorensen', 'John Smith', 'J Tolkien', '张三', 'C-D', 'channel'];
  it.each(names)('%j: every typed name that matches finds its needle', (name) => {
    const text = authorWordsText([name]);
    const matching = typed.filter((t) => authorMatches(t, name));
    expect(matching.length).toBeGreaterThan(0);
    for (const t of matching) expect(text, t).toContain(authorNeedle(authorNameWords(t)));
  });

  it('is a word test, not a substring test, over all names at once', () => {
    const text = authorWordsText(['Tri Dao', 'Liang Oliver']);
    expect(text).toContain(authorNeedle(['dao']));
    expect(text).not.toContain(authorNeedle(['li']));
    expect(text).not.toContain(authorNeedle(['da']));
  });
});
