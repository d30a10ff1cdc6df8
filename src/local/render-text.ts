import type { Message } from '../views/message.ts';
import { restoreFormatting } from '../views/mrkdwn.ts';

/**
 * Block Kit as terminal text, for the local console and the CLI: headers underlined, mrkdwn links as
 * `label (url)`, mentions as `@id`, bold markers dropped, entities unescaped, buttons as `[Label]` hints.
 */

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Terminal-hostile characters (ANSI escapes, other controls) from untrusted text never reach the screen. */
function stripControls(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '');
}

function unescapeEntities(s: string): string {
  return s.replace(/&(?:amp|lt|gt);/g, (entity) => (entity === '&amp;' ? '&' : entity === '&lt;' ? '<' : '>'));
}

/** `<…>` controls: links, user/channel mentions, special mentions, dates. */
function renderControl(inner: string): string {
  const bar = inner.indexOf('|');
  const target = unescapeEntities(bar === -1 ? inner : inner.slice(0, bar));
  const label = bar === -1 ? '' : unescapeEntities(inner.slice(bar + 1));
  if (target.startsWith('@')) return label ? `@${label}` : target;
  if (target.startsWith('#')) return label ? `#${label}` : target;
  if (target.startsWith('!')) {
    if (label) return label;
    const special = target.slice(1).split('^')[0] ?? '';
    return `@${special}`;
  }
  if (!label || label === target) return target;
  return `${label} (${target})`;
}

/** Bold `*x*` loses its markers when they sit where Slack would honor them. */
function stripBold(s: string): string {
  return s.replace(/(^|[\s([{"'\u201C\u2018\u2026\-/])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s)\]}.,;:!?"'\u201D\u2019\u2026\-/])/g, '$1$2');
}

/** The emoji shortcodes the app's messages use, as the characters Slack shows for them. */
const EMOJI: Record<string, string> = {
  warning: '\u26A0\uFE0F',
  bookmark: '\u{1F516}',
  thumbsup: '\u{1F44D}',
  information_source: '\u2139\uFE0F',
  bust_in_silhouette: '\u{1F464}',
};

function emoji(s: string): string {
  // Own keys only: `:constructor:` in a typed name or a title stays as typed, not Object's constructor as text.
  return s.replace(/:([a-z_]+):/g, (code, name: string) => (Object.hasOwn(EMOJI, name) ? (EMOJI[name] ?? code) : code));
}

/** mrkdwn → plain text; every entity is unescaped exactly once. */
export function mrkdwnToText(s: string): string {
  const unbolded = emoji(stripBold(s));
  let out = '';
  let last = 0;
  for (const match of unbolded.matchAll(/<([^<>\n]*)>/g)) {
    out += unescapeEntities(unbolded.slice(last, match.index));
    out += renderControl(match[1] ?? '');
    last = match.index + match[0].length;
  }
  out += unescapeEntities(unbolded.slice(last));
  // A terminal formats nothing: the look-alikes that keep Slack from formatting paper text go back to what was typed.
  return restoreFormatting(stripControls(out));
}

function textOf(value: unknown): string {
  if (!isObj(value) || typeof value['text'] !== 'string') return '';
  return value['type'] === 'mrkdwn' ? mrkdwnToText(value['text']) : stripControls(value['text']);
}

function elementHint(value: unknown): string {
  if (!isObj(value)) return '';
  switch (value['type']) {
    case 'button':
      return `[${textOf(value['text']) || 'Button'}]`;
    case 'overflow':
      return '[\u2026]';
    case 'image':
      return typeof value['alt_text'] === 'string' ? `[image: ${stripControls(value['alt_text'])}]` : '';
    default: {
      const placeholder = textOf(value['placeholder']);
      return placeholder ? `[${placeholder} \u25BE]` : '';
    }
  }
}

function withHint(text: string, hint: string): string {
  if (!hint) return text;
  return text ? `${text}  ${hint}` : hint;
}

/** Rich text's sections as lines: its text as it is (no mrkdwn), inline code between backticks. */
function richText(containers: unknown): string | null {
  if (!Array.isArray(containers)) return null;
  const lines = containers.map((container: unknown) => {
    const leaves = isObj(container) ? container['elements'] : undefined;
    if (!Array.isArray(leaves)) return '';
    return leaves
      .map((leaf: unknown) => {
        if (!isObj(leaf) || typeof leaf['text'] !== 'string') return '';
        const code = isObj(leaf['style']) && leaf['style']['code'] === true;
        return code ? `\`${stripControls(leaf['text'])}\`` : stripControls(leaf['text']);
      })
      .join('');
  });
  return lines.join('\n') || null;
}

export interface RenderOptions {
  /** Show buttons as `[Label]` hints (the console answers them); false where nothing can be clicked (the CLI). */
  buttons?: boolean;
}

function renderBlock(block: unknown, options: RenderOptions): string | null {
  if (!isObj(block)) return null;
  const hint = (element: unknown): string => (options.buttons === false && isObj(element) && element['type'] === 'button' ? '' : elementHint(element));
  switch (block['type']) {
    case 'header': {
      const text = textOf(block['text']);
      return `${text}\n${'='.repeat(Math.max(3, [...text].length))}`;
    }
    case 'section': {
      const lines: string[] = [];
      const text = textOf(block['text']);
      if (text) lines.push(text);
      const fields = block['fields'];
      if (Array.isArray(fields)) for (const field of fields) lines.push(textOf(field));
      return withHint(lines.join('\n'), hint(block['accessory']));
    }
    case 'context': {
      const elements = block['elements'];
      if (!Array.isArray(elements)) return null;
      // Slack sets a context's elements apart; as text, a sentence ends itself and anything else gets a ` · `
      // ("matches sparse attention · 4 authors · Mar 12, 2020", not "attention  4 authors").
      const texts = elements.map((element: unknown) => (isObj(element) && element['type'] === 'image' ? '' : textOf(element))).filter((text) => text !== '');
      return texts.reduce((joined, text) => (joined === '' ? text : `${joined}${/[.!?:)]$/u.test(joined) ? ' ' : ' · '}${text}`), '');
    }
    case 'actions': {
      const elements = block['elements'];
      if (!Array.isArray(elements)) return null;
      return elements.map(hint).filter((text) => text !== '').join(' ');
    }
    case 'divider':
      return '-'.repeat(40);
    case 'image':
      return typeof block['alt_text'] === 'string' ? `[image: ${stripControls(block['alt_text'])}]` : null;
    case 'markdown':
      return typeof block['text'] === 'string' ? stripControls(block['text']) : null;
    case 'rich_text':
      return richText(block['elements']);
    default:
      return 'text' in block ? textOf(block['text']) || null : null;
  }
}

/** The message as readable plain text; the `text` fallback when there are no blocks. */
export function renderText(message: Message, options: RenderOptions = {}): string {
  if (message.blocks.length === 0) return mrkdwnToText(message.text);
  const parts: string[] = [];
  for (const block of message.blocks) {
    const rendered = renderBlock(block, options);
    if (rendered === null || rendered === '') continue;
    // A blank line before each new section keeps results apart; context lines stay with what they describe.
    const type = isObj(block) ? block['type'] : undefined;
    if (parts.length > 0 && type !== 'context') parts.push('');
    parts.push(rendered);
  }
  return parts.join('\n');
}
