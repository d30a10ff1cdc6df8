import { describe, expect, it } from 'vitest';
import { helpMessage } from '../../src/views/help.ts';
import { renderText } from '../../src/local/render-text.ts';

describe('/paper help names the top-list forms README documents', () => {
  it('says how to preview a top list (`/paper digest top [<topic>]`) and how to stop one', () => {
    const text = renderText(helpMessage());
    expect(text).toContain('/paper digest top [<topic>]');
    expect(text).toContain('/paper unsubscribe top [<topic>]');
  });
});
