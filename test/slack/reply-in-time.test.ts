import { describe, expect, it } from 'vitest';
import type { RespondArguments } from '@slack/bolt';
import { replyInTime } from '../../src/slack/reply-in-time.ts';
import { createLogger, LogLevel } from '../../src/logger.ts';
import type { CommandReply } from '../../src/commands/paper-command.ts';

const logger = createLogger({ level: LogLevel.ERROR, write: () => {} });
const reply: CommandReply = { responseType: 'ephemeral', message: { text: 'done', blocks: [] } };

function recorder() {
  const acks: Array<string | RespondArguments | undefined> = [];
  const responds: Array<string | RespondArguments> = [];
  return {
    acks,
    responds,
    ack: async (arg?: string | RespondArguments) => {
      acks.push(arg);
    },
    respond: async (arg: string | RespondArguments) => {
      responds.push(arg);
      return {};
    },
  };
}

describe('replyInTime', () => {
  it('a fast answer goes back as the acknowledgement itself', async () => {
    const r = recorder();
    await replyInTime({ ack: r.ack, respond: r.respond, logger, work: async () => reply, budgetMs: 200 });
    expect(r.acks).toEqual([{ response_type: 'ephemeral', text: 'done', blocks: [] }]);
    expect(r.responds).toEqual([]);
  });

  it('a slow answer is acknowledged in time and delivered through response_url', async () => {
    const r = recorder();
    // The work finishes only once the acknowledgement went out: only the budget's timer can send it (else this hangs).
    let finish: (value: typeof reply) => void = () => undefined;
    await replyInTime({
      ack: async (arg) => {
        await r.ack(arg);
        finish(reply);
      },
      respond: r.respond,
      logger,
      budgetMs: 50,
      work: () => new Promise((resolve) => (finish = resolve)),
    });
    expect(r.acks).toHaveLength(1);
    expect(JSON.stringify(r.acks[0])).toMatch(/Working on it/);
    expect(r.responds).toEqual([{ response_type: 'ephemeral', text: 'done', blocks: [], replace_original: true }]);
  });

  it('a failure becomes a friendly message, not a stack trace', async () => {
    const r = recorder();
    await replyInTime({ ack: r.ack, respond: r.respond, logger, budgetMs: 200, work: async () => Promise.reject(new Error('db exploded at x.ts:1:2')) });
    const text = JSON.stringify(r.acks[0]);
    expect(text).toMatch(/went wrong/);
    expect(text).not.toMatch(/exploded|x\.ts/);
  });

  it('an answer whose acknowledgement cannot be sent (the Socket Mode connection closed meanwhile) goes to response_url', async () => {
    const r = recorder();
    const socketGone = async (): Promise<void> => Promise.reject(new Error('Failed to send a WebSocket message as the client is not ready'));
    await replyInTime({ ack: socketGone, respond: r.respond, logger, work: async () => reply, budgetMs: 200 });
    expect(r.responds).toEqual([{ response_type: 'ephemeral', text: 'done', blocks: [], replace_original: false }]);
  });

  it('a slow answer whose "Working on it" could not be sent is still delivered, as a new message (nothing to replace)', async () => {
    const r = recorder();
    const socketGone = async (): Promise<void> => Promise.reject(new Error('Failed to send a WebSocket message as the client is not ready'));
    await replyInTime({
      ack: socketGone,
      respond: r.respond,
      logger,
      budgetMs: 20,
      work: () => new Promise((resolve) => setTimeout(() => resolve(reply), 100)),
    });
    expect(r.responds).toEqual([{ response_type: 'ephemeral', text: 'done', blocks: [], replace_original: false }]);
  });
});
