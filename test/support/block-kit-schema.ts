import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

/**
 * Slack's published schemas, used from `../shared/schemas` (relative to the repo root; see its README): Block Kit
 * (TightknitAI/slack-block-kit-validator, draft 2020-12) for what the app sends, and the app manifest
 * (slackapi/manifest-schema, draft-07) for manifest.json. Compiled once per test file.
 */
const SCHEMA_DIR = fileURLToPath(new URL('../../../shared/schemas/', import.meta.url));
const MANIFEST_SCHEMA_URL = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/';

const readSchema = (file: string): Record<string, unknown> => JSON.parse(readFileSync(`${SCHEMA_DIR}${file}`, 'utf8')) as Record<string, unknown>;

/** Slack caps a message at 50 blocks; the schema only knows the 100 of a view. */
const MESSAGE_MAX_BLOCKS = 50;

interface BlockKitValidators {
  blocks: ValidateFunction;
  home: ValidateFunction;
  modal: ValidateFunction;
  /** One block, by its `type` (`section` → `#/$defs/section_block`): readable errors for a failing block. */
  block(type: string): ValidateFunction | undefined;
}

let blockKit: BlockKitValidators | undefined;
let manifest: ValidateFunction | undefined;

function blockKitValidators(): BlockKitValidators {
  if (blockKit) return blockKit;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  formats.default(ajv);
  const schema = readSchema('slack-block-kit.schema.json');
  const id = String(schema['$id']);
  ajv.addSchema(schema);
  const compiled = (ref: string): ValidateFunction => {
    const validate = ajv.getSchema(`${id}${ref}`);
    if (!validate) throw new Error(`no ${ref} in slack-block-kit.schema.json`);
    return validate;
  };
  blockKit = {
    blocks: compiled(''),
    home: compiled('#/$defs/home_view'),
    modal: compiled('#/$defs/modal_view'),
    block: (type) => (/^[a-z_]+$/.test(type) ? ajv.getSchema(`${id}#/$defs/${type}_block`) : undefined),
  };
  return blockKit;
}

function manifestValidator(): ValidateFunction {
  if (manifest) return manifest;
  const ajv = new Ajv({ allErrors: true, strict: false });
  formats.default(ajv);
  for (const version of ['1.0.0', '2.0.0']) {
    const file = `manifest.schema.${version}.json`;
    ajv.addSchema(readSchema(file), `${MANIFEST_SCHEMA_URL}${file}`);
  }
  manifest = ajv.compile(readSchema('manifest.schema.json'));
  return manifest;
}

function readable(errors: ErrorObject[] | null | undefined, prefix = ''): string[] {
  // A oneOf/anyOf reports every branch's failure as well as its own; the specific ones say what is wrong.
  const all = errors ?? [];
  const specific = all.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  return (specific.length > 0 ? specific : all).map((e) => `${prefix}${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/**
 * Errors of a blocks array that failed the schema, block by block against the schema of its own type (the
 * array's oneOf over every block type would list each type's complaint).
 */
function blocksErrors(validators: BlockKitValidators, blocks: unknown, prefix: string): string[] {
  if (!Array.isArray(blocks)) return [`${prefix} must be an array of blocks`];
  if (blocks.length === 0) return [`${prefix} must have at least one block`];
  const errors: string[] = [];
  blocks.forEach((block: unknown, i) => {
    const type = (block as { type?: unknown } | null)?.type;
    const validate = typeof type === 'string' ? validators.block(type) : undefined;
    if (!validate) errors.push(`${prefix}/${i} has no known block type (${JSON.stringify(type)})`);
    else if (!validate(block)) errors.push(...readable(validate.errors, `${prefix}/${i}`));
  });
  return errors;
}

/** A message the app sends (chat.postMessage, respond, response_url): fallback text plus blocks. */
export interface SentMessage {
  text?: unknown;
  blocks?: unknown;
}

/** A view the app publishes or opens. */
export interface SentView {
  type: 'home' | 'modal';
  blocks: unknown;
}

function isView(payload: SentMessage | SentView): payload is SentView {
  return 'type' in payload && (payload.type === 'home' || payload.type === 'modal');
}

/**
 * Why Slack's Block Kit schema rejects a message or view; empty when it conforms. A message also needs its
 * fallback `text` (notifications, screen readers) and at most 50 blocks.
 */
export function blockKitErrors(payload: SentMessage | SentView): string[] {
  const validators = blockKitValidators();
  if (isView(payload)) {
    const validate = validators[payload.type];
    const view: unknown = payload;
    if (validate(view)) return [];
    const outside = (validate.errors ?? []).filter((e) => !e.instancePath.startsWith('/blocks/'));
    return [...readable(outside), ...blocksErrors(validators, payload.blocks, '/blocks')];
  }
  const errors: string[] = [];
  if (typeof payload.text !== 'string' || payload.text.trim() === '') errors.push('/text the fallback text is missing');
  const blocks: unknown = payload.blocks;
  if (blocks !== undefined) {
    if (!validators.blocks(blocks)) errors.push(...blocksErrors(validators, payload.blocks, '/blocks'));
    if (Array.isArray(blocks) && blocks.length > MESSAGE_MAX_BLOCKS) {
      errors.push(`/blocks has ${blocks.length} blocks, a message may have ${MESSAGE_MAX_BLOCKS}`);
    }
  }
  return errors;
}

/** Why Slack's app manifest schema rejects a manifest; empty when it conforms. */
export function manifestErrors(value: unknown): string[] {
  const validate = manifestValidator();
  return validate(value) ? [] : readable(validate.errors);
}
