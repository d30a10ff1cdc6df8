import { describe, expect, it } from 'vitest';
import { followedMessage } from '../../src/views/follows.ts';
import { blockKitErrors } from '../support/block-kit-schema.ts';

describe('/paper follow with a name several Hugging Face accounts claim', () => {
  it('offers each account as a command to copy, as typed inside its code span (no look-alike for _)', () => {
    const message = followedMessage({
      follow: { name: 'Li Wei', hfUser: null },
      created: true,
      resolution: { kind: 'several', accounts: [{ hfUser: '_liwei_', papers: 3 }, { hfUser: 'li`wei<b>', papers: 1 }] },
      knownPapers: true,
      carrier: null,
    });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('`/paper follow @hf:_liwei_`');
    expect(json).toContain('`/paper follow @hf:liwei&lt;b&gt;`');
    expect(blockKitErrors(message)).toEqual([]);
  });
});
