/**
 * A small strict XML reader for API answers such as arXiv's Atom feed: elements, attributes, text, CDATA, the five
 * named entities and character references. Comments, processing instructions and the XML declaration are skipped.
 * A DOCTYPE is refused (no entity expansion, no external fetches), and so is anything not well-formed (unclosed or
 * mismatched tags, an unknown entity, text outside the root): a proxy's HTML error page is an error, not a feed.
 * Namespace prefixes are kept in names (`opensearch:totalResults`); callers match on local names.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), entities decoded, children's text not included. */
  text: string;
}

export class XmlError extends Error {
  override name = 'XmlError';
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
// Sticky (`y`): matched at `lastIndex`, so no copies of the rest of the document.
const NAME = /[A-Za-z_][\w.:-]*/y;
const ATTRIBUTE = /\s+([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const TAG_END = /\s*(\/?)>/y;
const CLOSE_END = /\s*>/y;

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

function decode(raw: string, at: number): string {
  return raw.replace(/&([^;&\s]{0,10});?/g, (whole, ref: string) => {
    if (!whole.endsWith(';')) throw new XmlError(`unterminated entity near offset ${at}`);
    const named = NAMED[ref];
    if (named !== undefined) return named;
    const code = ref.startsWith('#x') ? Number.parseInt(ref.slice(2), 16) : ref.startsWith('#') ? Number(ref.slice(1)) : NaN;
    if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff) throw new XmlError(`unknown entity &${ref}; near offset ${at}`);
    return String.fromCodePoint(code);
  });
}

/** The local part of a name: `arxiv:comment` → `comment`. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The children of `element` whose local name is `name`. */
export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => localName(child.name) === name);
}

/** The text of the first child named `name` (local name), or null when there is none. */
export function childText(element: XmlElement, name: string): string | null {
  return childrenNamed(element, name)[0]?.text ?? null;
}

/** Parses a whole document and returns its root element. Throws `XmlError` when it is not well-formed XML. */
export function parseXml(source: string): XmlElement {
  const xml = source.replace(/^\uFEFF/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  const skipTo = (end: string, what: string): void => {
    const at = xml.indexOf(end, i);
    if (at < 0) throw new XmlError(`unterminated ${what} at offset ${i}`);
    i = at + end.length;
  };
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const textEnd = lt < 0 ? xml.length : lt;
    if (textEnd > i) {
      const text = xml.slice(i, textEnd);
      const current = stack.at(-1);
      if (current) current.text += decode(text, i);
      else if (text.trim() !== '') throw new XmlError(`text outside the root element at offset ${i}`);
      i = textEnd;
      continue;
    }
    if (xml.startsWith('<?', i)) {
      skipTo('?>', 'processing instruction');
    } else if (xml.startsWith('<!--', i)) {
      skipTo('-->', 'comment');
    } else if (xml.startsWith('<![CDATA[', i)) {
      const current = stack.at(-1);
      if (!current) throw new XmlError(`CDATA outside the root element at offset ${i}`);
      const end = xml.indexOf(']]>', i);
      if (end < 0) throw new XmlError(`unterminated CDATA at offset ${i}`);
      current.text += xml.slice(i + 9, end);
      i = end + 3;
    } else if (xml.startsWith('<!', i)) {
      throw new XmlError(`a DOCTYPE or declaration is not accepted (offset ${i})`);
    } else if (xml.startsWith('</', i)) {
      const name = matchAt(NAME, xml, i + 2)?.[0];
      const open = stack.pop();
      if (!name || !open || open.name !== name) throw new XmlError(`unexpected closing tag </${name ?? ''}> at offset ${i}`);
      i += 2 + name.length;
      const close = matchAt(CLOSE_END, xml, i);
      if (!close) throw new XmlError(`malformed closing tag </${name}> at offset ${i}`);
      i += close[0].length;
      if (stack.length === 0) root = open;
    } else {
      if (root) throw new XmlError(`a second root element at offset ${i}`);
      const name = matchAt(NAME, xml, i + 1)?.[0];
      if (!name) throw new XmlError(`malformed tag at offset ${i}`);
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      i += 1 + name.length;
      for (let match = matchAt(ATTRIBUTE, xml, i); match; match = matchAt(ATTRIBUTE, xml, i)) {
        const [whole, key = '', double, single] = match;
        element.attributes[key] = decode(double ?? single ?? '', i);
        i += whole.length;
      }
      const end = matchAt(TAG_END, xml, i);
      if (!end) throw new XmlError(`malformed tag <${name}> at offset ${i}`);
      i += end[0].length;
      stack.at(-1)?.children.push(element);
      if (end[1] === '/') {
        if (stack.length === 0) root = element;
      } else {
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) throw new XmlError(`unclosed element <${stack.at(-1)?.name ?? ''}> at the end`);
  if (!root) throw new XmlError('no root element');
  return root;
}
