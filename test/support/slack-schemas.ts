/**
 * Slack's schemas (test/support/block-kit-schema.ts) plus the rules Slack enforces that the Block Kit schema leaves
 * out: each action_id once within its block, each block_id once within a message.
 */
import { blockKitErrors, manifestErrors } from './block-kit-schema.ts';

function uniqueIdProblems(blocks: readonly unknown[]): string[] {
  const problems: string[] = [];
  blocks.forEach((block, i) => {
    const record = block as { elements?: unknown[]; accessory?: unknown };
    const elements = Array.isArray(record.elements) ? record.elements : record.accessory ? [record.accessory] : [];
    const ids = elements.map((e) => (e as { action_id?: unknown }).action_id).filter((id): id is string => typeof id === 'string');
    const repeated = ids.filter((id, j) => ids.indexOf(id) !== j);
    if (repeated.length > 0) problems.push(`blocks[${i}] repeats action_id ${repeated.join(', ')}`);
  });
  const blockIds = blocks.map((b) => (b as { block_id?: unknown }).block_id).filter((id): id is string => typeof id === 'string');
  const repeatedBlocks = blockIds.filter((id, j) => blockIds.indexOf(id) !== j);
  if (repeatedBlocks.length > 0) problems.push(`block_id repeated: ${repeatedBlocks.join(', ')}`);
  return problems;
}

/** Every way a message's blocks break the Block Kit schema, the 50-block cap or the unique-id rules (empty: valid). */
export function blockKitMessageProblems(blocks: readonly unknown[]): string[] {
  return [...blockKitErrors({ text: 'fallback', blocks }), ...uniqueIdProblems(blocks)];
}

/** Every way an app manifest breaks Slack's manifest schema (empty: valid). */
export function manifestProblems(manifest: unknown): string[] {
  return manifestErrors(manifest);
}
