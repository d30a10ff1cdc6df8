import type { Writable } from 'node:stream';
import type { DeliveryTag, DigestPoster, DigestTarget, PostedDigest } from '../digests/poster.ts';
import type { Message } from '../views/message.ts';
import { paperIdsOf, type ConsoleListing } from './console-listing.ts';
import { ActionId } from '../views/action-ids.ts';
import { parseUnsubscribeValue } from '../views/digest.ts';
import { renderText } from './render-text.ts';

/** The local console's "channel": digests are printed as they fall due while the console is open. */
export class ConsolePoster implements DigestPoster {
  readonly #posted = new Map<string, PostedDigest>();
  #counter = 0;

  /** `listing`: the console's last listing, so `👍 N` / `save N` pick from a digest just printed. */
  constructor(
    private readonly output: Writable,
    private readonly listing?: ConsoleListing,
  ) {}

  async post(_target: DigestTarget, message: Message, tag: DeliveryTag): Promise<{ ts: string }> {
    this.#counter += 1;
    const ts = `${Math.floor(Date.now() / 1000)}.${String(this.#counter).padStart(6, '0')}`;
    this.output.write(`\n${renderText(message)}\n\n`);
    if (this.listing?.show(message)) this.output.write(`${this.listing.hint()}\n\n`);
    // Its Unsubscribe button cannot be pressed here: the command that does the same.
    const id = parseUnsubscribeValue(paperIdsOf(message, ActionId.unsubscribe)[0]);
    if (id !== null) this.output.write(`(\`/paper unsubscribe #${id}\` does what Unsubscribe does.)\n\n`);
    this.#posted.set(tag.deliveryId, { ts, paperIds: [...tag.paperIds] });
    return { ts };
  }

  async findPosted(_target: DigestTarget, deliveryId: string): Promise<PostedDigest | null> {
    return this.#posted.get(deliveryId) ?? null;
  }
}
