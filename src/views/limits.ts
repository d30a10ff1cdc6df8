import type { Message } from './message.ts';

/** Slack's Block Kit limits (see docs/slack-platform.md). Builders size their output against these. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  id: 255,
  contextElements: 10,
  actionsElements: 25,
  overflowOptions: 5,
  optionText: 75,
  overflowOptionValue: 75,
  selectOptionValue: 150,
  imageUrl: 3000,
  altText: 2000,
  /** `JSON.stringify(blocks).length` above which Slack answers `msg_blocks_too_long`. */
  messageJson: 13_000,
  /** Top-level `text` fallback must stay under this. */
  fallbackText: 4000,
} as const;

export type Surface = 'message' | 'home' | 'modal';

export interface ValidateOptions {
  surface: Surface;
  /** The top-level `text` fallback, checked when given (non-blank, under 4,000 chars). */
  text?: string;
  /**
   * Where an `action_id` must be unique. Slack's reference says "unique among all other action_ids in the
   * containing block" (so a list of results can each carry a Share button with one action_id); `message`
   * is the stricter reading.
   */
  actionIdScope?: 'block' | 'message';
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const fmt = (n: number): string => n.toLocaleString('en-US');

class Checker {
  readonly violations: string[] = [];
  private readonly blockIds = new Map<string, string>();
  private readonly messageActionIds = new Map<string, string>();

  constructor(private readonly actionIdScope: 'block' | 'message') {}

  add(path: string, problem: string): void {
    this.violations.push(`${path}: ${problem}`);
  }

  maxLength(path: string, field: string, value: unknown, max: number): void {
    if (typeof value === 'string' && value.length > max) {
      this.add(path, `${field} is ${fmt(value.length)} chars; max ${fmt(max)}`);
    }
  }

  /** A text object: `type` allowed here, `text` a non-blank string within `max`. */
  text(path: string, value: unknown, allowed: ReadonlyArray<'plain_text' | 'mrkdwn'>, max: number): void {
    if (!isObj(value)) {
      this.add(path, 'text object missing or not an object');
      return;
    }
    const type = value['type'];
    if (type !== 'plain_text' && type !== 'mrkdwn') {
      this.add(path, `text object type ${JSON.stringify(type)} is not plain_text or mrkdwn`);
    } else if (!allowed.includes(type)) {
      this.add(path, `text object type must be ${allowed.join(' or ')}, got ${type}`);
    }
    const text = value['text'];
    if (typeof text !== 'string') {
      this.add(path, 'text is missing or not a string');
    } else if (text.trim() === '') {
      this.add(path, 'text is empty');
    } else {
      this.maxLength(path, 'text', text, max);
    }
  }

  blockId(path: string, value: unknown): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || value === '') {
      this.add(path, 'block_id must be a non-empty string');
      return;
    }
    this.maxLength(path, 'block_id', value, LIMITS.id);
    const first = this.blockIds.get(value);
    if (first) this.add(path, `block_id ${JSON.stringify(value)} repeats ${first}`);
    else this.blockIds.set(value, path);
  }

  actionId(path: string, value: unknown, inBlock: Map<string, string>): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || value === '') {
      this.add(path, 'action_id must be a non-empty string');
      return;
    }
    this.maxLength(path, 'action_id', value, LIMITS.id);
    const seen = this.actionIdScope === 'message' ? this.messageActionIds : inBlock;
    const first = seen.get(value);
    if (first) this.add(path, `action_id ${JSON.stringify(value)} repeats ${first}`);
    else seen.set(value, path);
  }

  option(path: string, value: unknown, maxValue: number): void {
    if (!isObj(value)) {
      this.add(path, 'option is not an object');
      return;
    }
    this.text(`${path}.text`, value['text'], ['plain_text'], LIMITS.optionText);
    if (typeof value['value'] !== 'string' || value['value'] === '') this.add(path, 'option value is missing');
    else this.maxLength(path, 'option value', value['value'], maxValue);
    this.maxLength(path, 'option url', value['url'], LIMITS.buttonUrl);
  }

  element(path: string, value: unknown, inBlock: Map<string, string>): void {
    if (!isObj(value)) {
      this.add(path, 'element is not an object');
      return;
    }
    const type = value['type'];
    if (typeof type !== 'string' || type === '') {
      this.add(path, 'element has no type');
      return;
    }
    const where = `${path} (${type})`;
    this.actionId(where, value['action_id'], inBlock);
    switch (type) {
      case 'button':
        this.text(`${where}.text`, value['text'], ['plain_text'], LIMITS.buttonText);
        this.maxLength(where, 'value', value['value'], LIMITS.buttonValue);
        this.maxLength(where, 'url', value['url'], LIMITS.buttonUrl);
        break;
      case 'overflow': {
        const options = value['options'];
        if (!Array.isArray(options) || options.length === 0) {
          this.add(where, 'overflow needs at least one option');
          break;
        }
        if (options.length > LIMITS.overflowOptions) {
          this.add(where, `${options.length} options; max ${LIMITS.overflowOptions}`);
        }
        options.forEach((option: unknown, i) => this.option(`${where}.options[${i}]`, option, LIMITS.overflowOptionValue));
        break;
      }
      case 'image':
        this.maxLength(where, 'image_url', value['image_url'], LIMITS.imageUrl);
        this.maxLength(where, 'alt_text', value['alt_text'], LIMITS.altText);
        break;
      default: {
        const options = value['options'];
        if (Array.isArray(options)) {
          options.forEach((option: unknown, i) => this.option(`${where}.options[${i}]`, option, LIMITS.selectOptionValue));
        }
      }
    }
  }

  block(path: string, value: unknown): void {
    if (!isObj(value)) {
      this.add(path, 'block is not an object');
      return;
    }
    const type = value['type'];
    if (typeof type !== 'string' || type === '') {
      this.add(path, 'block has no type');
      return;
    }
    const where = `${path} (${type})`;
    this.blockId(where, value['block_id']);
    const actionIds = new Map<string, string>();
    switch (type) {
      case 'section': {
        const fields = value['fields'];
        if (value['text'] === undefined && fields === undefined) this.add(where, 'section needs text or fields');
        if (value['text'] !== undefined) this.text(`${where}.text`, value['text'], ['plain_text', 'mrkdwn'], LIMITS.sectionText);
        if (fields !== undefined) {
          if (!Array.isArray(fields) || fields.length === 0) {
            this.add(where, 'fields must be a non-empty array');
          } else {
            if (fields.length > LIMITS.sectionFields) this.add(where, `${fields.length} fields; max ${LIMITS.sectionFields}`);
            fields.forEach((field: unknown, i) =>
              this.text(`${where}.fields[${i}]`, field, ['plain_text', 'mrkdwn'], LIMITS.fieldText),
            );
          }
        }
        if (value['accessory'] !== undefined) this.element(`${where}.accessory`, value['accessory'], actionIds);
        break;
      }
      case 'header':
        this.text(`${where}.text`, value['text'], ['plain_text'], LIMITS.headerText);
        break;
      case 'context': {
        const elements = value['elements'];
        if (!Array.isArray(elements) || elements.length === 0) {
          this.add(where, 'context needs at least one element');
          break;
        }
        if (elements.length > LIMITS.contextElements) {
          this.add(where, `${elements.length} elements; max ${LIMITS.contextElements}`);
        }
        elements.forEach((element: unknown, i) => {
          if (isObj(element) && element['type'] === 'image') this.element(`${where}.elements[${i}]`, element, actionIds);
          else this.text(`${where}.elements[${i}]`, element, ['plain_text', 'mrkdwn'], LIMITS.sectionText);
        });
        break;
      }
      case 'actions': {
        const elements = value['elements'];
        if (!Array.isArray(elements) || elements.length === 0) {
          this.add(where, 'actions needs at least one element');
          break;
        }
        if (elements.length > LIMITS.actionsElements) {
          this.add(where, `${elements.length} elements; max ${LIMITS.actionsElements}`);
        }
        elements.forEach((element: unknown, i) => this.element(`${where}.elements[${i}]`, element, actionIds));
        break;
      }
      case 'image':
        this.maxLength(where, 'image_url', value['image_url'], LIMITS.imageUrl);
        this.maxLength(where, 'alt_text', value['alt_text'], LIMITS.altText);
        if (value['title'] !== undefined) this.text(`${where}.title`, value['title'], ['plain_text'], LIMITS.fieldText);
        break;
      default:
        // divider needs nothing; other block types are passed through unchecked.
        break;
    }
  }
}

/**
 * Every way `blocks` breaks Slack's Block Kit limits for `surface`, as human-readable lines (empty = valid).
 * Takes `unknown` blocks so it can judge anything, including hand-built or deserialized payloads.
 */
export function validateMessage(blocks: readonly unknown[], options: ValidateOptions): string[] {
  const checker = new Checker(options.actionIdScope ?? 'block');
  const maxBlocks = options.surface === 'message' ? LIMITS.blocksPerMessage : LIMITS.blocksPerView;
  if (blocks.length > maxBlocks) {
    checker.add(options.surface, `${blocks.length} blocks; max ${maxBlocks} per ${options.surface}`);
  }
  blocks.forEach((block, i) => checker.block(`blocks[${i}]`, block));
  if (options.surface === 'message') {
    const size = JSON.stringify(blocks).length;
    if (size > LIMITS.messageJson) {
      checker.add('message', `blocks are ${fmt(size)} chars of JSON; max about ${fmt(LIMITS.messageJson)}`);
    }
  }
  if (options.text !== undefined) {
    if (options.text.trim() === '') checker.add('text', 'fallback text is empty');
    else if (options.text.length >= LIMITS.fallbackText) {
      checker.add('text', `fallback text is ${fmt(options.text.length)} chars; keep it under ${fmt(LIMITS.fallbackText)}`);
    }
  }
  return checker.violations;
}

/** Throws with every violation listed when `message` (blocks and fallback text) breaks a limit. For tests. */
export function assertValidMessage(
  message: Message,
  options: Omit<ValidateOptions, 'text'> = { surface: 'message' },
): void {
  const violations = validateMessage(message.blocks, { ...options, text: message.text });
  if (violations.length > 0) {
    throw new Error(`Message breaks Slack limits:\n- ${violations.join('\n- ')}`);
  }
}
