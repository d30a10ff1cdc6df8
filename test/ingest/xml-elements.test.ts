import { describe, expect, it } from 'vitest';
import { childrenNamed, childText, parseXml, XmlError } from '../../src/ingest/xml-elements.ts';
import { parseArxivFeed } from '../../src/ingest/arxiv-atom.ts';
import { atomFixture } from './arxiv-fixture.ts';

describe('the small XML reader behind the arXiv client', () => {
  it('reads elements, attributes, prefixed names, CDATA, entities and character references; skips comments and declarations', () => {
    const root = parseXml(
      `\uFEFF<?xml version="1.0"?>\n<!-- a comment --><feed a='1' b="x &amp; y"><t>AT&amp;T &lt;3 &#233;&#x2014;</t>` +
        `<arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom"><![CDATA[a <b> & c]]></arxiv:comment><e/><e /></feed>`,
    );
    expect(root.name).toBe('feed');
    expect(root.attributes).toEqual({ a: '1', b: 'x & y' });
    expect(childText(root, 't')).toBe('AT&T <3 é—');
    expect(childText(root, 'comment')).toBe('a <b> & c');
    expect(childrenNamed(root, 'e')).toHaveLength(2);
  });

  it.each([
    ['<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>', /DOCTYPE/],
    ['<feed><entry></feed>', /unexpected closing tag/],
    ['<feed><entry>', /unclosed element/],
    ['<feed>AT&T</feed>', /entity/],
    ['<feed>&nbsp;</feed>', /unknown entity/],
    ['<feed/><feed/>', /second root/],
    ['Service Unavailable', /text outside the root/],
    ['', /no root element/],
  ])('refuses what is not well-formed XML: %s', (xml, message) => {
    expect(() => parseXml(xml)).toThrow(XmlError);
    expect(() => parseXml(xml)).toThrow(message);
  });
});

describe('an arXiv Atom answer → one paper', () => {
  it('the entry asked for, by id without version; another id in the feed is not taken for it', () => {
    const feed = atomFixture('arxiv-math-0211159.atom.xml');
    expect(parseArxivFeed(feed, 'math/0211159')?.title).toBe('The entropy formula for the Ricci flow and its geometric applications');
    expect(parseArxivFeed(feed, 'math/0211158')).toBeNull();
  });

  it('a wrapped title is one line; an entry without a title (older "not found" answers) is not a paper', () => {
    const feed = atomFixture('arxiv-math-0211159.atom.xml');
    const wrapped = feed.replace(
      '<title>The entropy formula for the Ricci flow and its geometric applications</title>',
      '<title>The entropy formula for the Ricci flow and its\n  geometric applications</title>',
    );
    expect(parseArxivFeed(wrapped, 'math/0211159')?.title).toBe('The entropy formula for the Ricci flow and its geometric applications');
    const untitled = feed.replace(/<title>The entropy[^<]*<\/title>/, '<title></title>');
    expect(parseArxivFeed(untitled, 'math/0211159')).toBeNull();
  });

  it('an error entry and a feed of no entries are "not found"; a non-feed is a wrong shape', () => {
    expect(parseArxivFeed(atomFixture('arxiv-error.atom.xml'), '1234.12345')).toBeNull();
    expect(parseArxivFeed(atomFixture('arxiv-no-entries.atom.xml'), '2509.99999')).toBeNull();
    expect(() => parseArxivFeed('<html><body>Bad Gateway</body></html>', '2509.99999')).toThrow(/expected an Atom <feed>/);
    expect(() => parseArxivFeed('{"error":"nope"}', '2509.99999')).toThrow(/not XML/);
  });
});
