import type { KnownBlock } from '@slack/types';
import { BlockId, blockId } from './action-ids.ts';
import type { AnswerSurface, Message } from './message.ts';
import { escapeMrkdwn } from './mrkdwn.ts';

/** One line of the `/paper` grammar. Add an entry here when a command ships; flip `status` when it goes live. */
export interface CommandHelp {
  /** Heading the command is listed under; groups keep their first-seen order. */
  group: string;
  usage: string;
  description: string;
  example: string;
  status: 'available' | 'coming';
}

/** Where a description names the deployment's default digest time and zone (DIGEST_DEFAULT_TIME, DIGEST_DEFAULT_TZ). */
export const DEFAULT_SCHEDULE = '{default schedule}';

/** What a description says about the app's Home tab: shown only where there is one (Slack, not the local console). */
export const onHomeTab = (text: string): string => `{home tab:${text}}`;
const ON_HOME_TAB = /\{home tab:([^}]*)\}/g;

/** The default digest time and zone a subscription gets when it names none. */
export interface HelpDefaults {
  time: string;
  timezone: string;
}

export const PAPER_COMMANDS: readonly CommandHelp[] = [
  {
    group: 'Search',
    usage: '/paper <words>',
    description: 'Find papers by title and abstract; papers with all the words come first.',
    example: '/paper sparse attention',
    status: 'available',
  },
  {
    group: 'Search',
    usage: '/paper "<phrase>" -<word>',
    description: 'Quotes match an exact phrase; a leading `-` leaves out papers with that word.',
    example: '/paper "linear attention" -vision',
    status: 'available',
  },
  {
    group: 'Search',
    usage: '/paper author:"<name>"',
    description:
      'Papers by an author, newest first (`author:Dao` is a last name; case, accents and middle initials don\'t matter, an initial alone is not a first name). Filters work alone, with words, and in digest topics.',
    example: '/paper author:"Tri Dao"',
    status: 'available',
  },
  {
    group: 'Search',
    usage: '/paper <words> has:code since:YYYY-MM[-DD] upvotes:>N',
    description:
      '`has:code`: with a code repository. `since:2025-06` or `since:2025-06-15`: dated that day or later. `upvotes:>20` (also `>=`, `<`, `<=`; `upvotes:20` means 20 or more). A leading `-` turns a filter round (`-has:code`).',
    example: '/paper sparse attention since:2025-06 upvotes:>=2',
    status: 'available',
  },
  {
    group: 'Search',
    usage: '/paper <arXiv id|link> …',
    description: 'Show those papers (up to 3; arxiv.org, huggingface.co and alphaxiv.org links), looked up on Hugging Face or arXiv when I don\'t have them yet.',
    example: '/paper 2502.11089',
    status: 'available',
  },
  {
    group: 'Search',
    usage: '/paper similar <arXiv id|link>',
    description: 'Papers like that one, as its Similar button gives them.',
    example: '/paper similar https://arxiv.org/abs/2502.11089',
    status: 'available',
  },
  {
    group: 'Search',
    usage: '/paper help',
    description: 'Show this help.',
    example: '/paper help',
    status: 'available',
  },
  {
    group: 'Digests',
    usage: '/paper subscribe <topic> [at HH:MM] [tz Area/City] [daily|weekdays|weekly|every <day>]',
    description: `Post the best new papers on a topic to this channel on a schedule (defaults: ${DEFAULT_SCHEDULE}, daily; \`weekly\` = the weekday you subscribe, \`every monday\` or \`weekly on monday\` = Mondays). A paper is never sent to a channel twice.`,
    example: '/paper subscribe speculative decoding at 09:00 tz Europe/Berlin weekdays',
    status: 'available',
  },
  {
    group: 'Digests',
    usage: '/paper subscribe [topic] like <arXiv id|link> … [options]',
    description: 'Seed a digest with up to 10 example papers (arXiv ids or arxiv.org / huggingface.co / alphaxiv.org links); without a topic, a digest of papers like them. Subscribing again adds papers; `/paper reset <topic|id>` forgets them and the ratings its digests collected.',
    example: '/paper subscribe speculative decoding like 2502.11089',
    status: 'available',
  },
  {
    group: 'Digests',
    usage: '/paper unsubscribe <topic|id>',
    description: 'Stop a digest in this channel (by topic or by its #id).',
    example: '/paper unsubscribe speculative decoding',
    status: 'available',
  },
  {
    group: 'Digests',
    usage: '/paper pause <topic|id> [for 3 days|for 2 weeks|until 2026-12-24]',
    description:
      `Stop a digest in this channel until someone resumes it${onHomeTab(' (as Pause in the App Home)')}, or with an end until then: it resumes by itself, and digests due meanwhile are not sent late. Nothing is lost. Words that name none of the channel's digests pause nothing: the answer lists the digests. To search for words that start with pause or resume, put another word first (\`/paper detection pause\`).`,
    example: '/paper pause speculative decoding',
    status: 'available',
  },
  {
    group: 'Digests',
    usage: '/paper resume <topic|id>',
    description: 'Start a paused digest again; the answer says when the next one goes out.',
    example: '/paper resume speculative decoding',
    status: 'available',
  },
  {
    group: 'Digests',
    usage: '/paper reset <topic|id> | ratings',
    description:
      "`<topic|id>`: forget a digest's example papers and the \uD83D\uDC4D/\uD83D\uDC4E clicked on its digests. `ratings`: forget this channel's \uD83D\uDC4D/\uD83D\uDC4E given outside digests (search results, shared papers, link cards, top lists, stopped digests). `/paper list` shows how many of each there are.",
    example: '/paper reset ratings',
    status: 'available',
  },
  {
    group: 'Digests',
    usage: '/paper list',
    description: "List this channel's digests with their next run and last digest.",
    example: '/paper list',
    status: 'available',
  },
  {
    group: 'Digests',
    usage: '/paper digest <topic|id>',
    description:
      "Preview what the next digest would hold (only you see it; nothing is recorded): of one of this channel's digests, by topic or #id, or of any topic. Alone, the channel's only digest.",
    example: '/paper digest speculative decoding',
    status: 'available',
  },
  {
    group: 'Following authors',
    usage: '/paper follow "<author name>" | @hf:<username>',
    description:
      "This channel's digest gets a \"From people you follow\" section with their new papers (it rides on the channel's oldest topic digest, daily or not; a top list carries none, so subscribe to a topic first). Names match as people write them; a name that Hugging Face links to one claimed account follows that account, so their papers count under any spelling.",
    example: '/paper follow "Tri Dao"',
    status: 'available',
  },
  {
    group: 'Following authors',
    usage: '/paper unfollow "<author name>" | @hf:<username>',
    description: 'Stop following an author in this channel (`/paper list` shows whom it follows).',
    example: '/paper unfollow "Tri Dao"',
    status: 'available',
  },
  {
    group: "What's hot",
    usage: '/paper top [week|month] [<topic>]',
    description: 'The most upvoted papers listed on Hugging Face in the last 7 (week, the default) or 30 days, optionally only those with every word of a topic, with their upvotes.',
    example: '/paper top month sparse attention',
    status: 'available',
  },
  {
    group: "What's hot",
    usage: '/paper subscribe top [<topic>] [at HH:MM] [tz Area/City] [daily|weekdays|weekly|every <day>]',
    description:
      'Post a top list to this channel (weekly by default): the most upvoted papers of the 7 days before each post that the channel has not had yet. `/paper digest top [<topic>]` previews the next post; `/paper unsubscribe top [<topic>]` stops it.',
    example: '/paper subscribe top sparse attention weekly at 09:00',
    status: 'available',
  },
  {
    group: 'Saved papers',
    usage: '/paper saved [page]',
    description: `The papers you saved with the Save button (under search results, digests, previews, top lists, shared papers and paper links), newest first; only you see them.${onHomeTab(' Mark read and Remove are on the app\u2019s Home tab.')}`,
    example: '/paper saved',
    status: 'available',
  },
  {
    group: 'Saved papers',
    usage: '/paper saved bibtex [page]',
    description: 'BibTeX entries for your saved papers, ready to paste into a .bib file (long lists come in pages).',
    example: '/paper saved bibtex',
    status: 'available',
  },
  {
    group: 'Paper links',
    usage: '/paper unfurl [off|on]',
    description: 'Links to arXiv, Hugging Face or alphaXiv papers pasted in this channel unfold into a card (the same paper at most once in 30 minutes, at most 3 per message). Turn that off or back on for this channel; `/paper unfurl` alone says which it is.',
    example: '/paper unfurl off',
    status: 'available',
  },
];

function commandLine(command: CommandHelp, defaults: HelpDefaults, surface: AnswerSurface | undefined): string {
  const soon = command.status === 'coming' ? ' _(coming soon)_' : '';
  const description = command.description
    .replaceAll(DEFAULT_SCHEDULE, `${defaults.time} ${defaults.timezone}`)
    .replace(ON_HOME_TAB, (_, text: string) => (surface?.homeTab ? text : ''));
  // Usage strings contain `<topic>`: escaped like any other text so Slack shows them literally.
  return `\`${escapeMrkdwn(command.usage)}\`${soon}\n${escapeMrkdwn(description)} Example: \`${escapeMrkdwn(command.example)}\``;
}

/**
 * The `/paper` grammar with examples, one section per group; `defaults`: the deployment's default digest schedule;
 * `surface`: where it is shown (what the app's Home tab does is said only where there is one; absent: not said).
 */
export function helpMessage(
  commands: readonly CommandHelp[] = PAPER_COMMANDS,
  defaults: HelpDefaults = { time: '09:00', timezone: 'UTC' },
  surface?: AnswerSurface,
): Message {
  const groups = new Map<string, CommandHelp[]>();
  for (const command of commands) groups.set(command.group, [...(groups.get(command.group) ?? []), command]);
  const blocks: KnownBlock[] = [{ type: 'header', block_id: BlockId.helpHeader, text: { type: 'plain_text', text: 'Paper search: /paper' } }];
  let i = 0;
  for (const [group, members] of groups) {
    blocks.push({
      type: 'section',
      block_id: blockId(BlockId.helpGroup, i++),
      text: { type: 'mrkdwn', text: `*${escapeMrkdwn(group)}*\n${members.map((member) => commandLine(member, defaults, surface)).join('\n')}` },
    });
  }
  blocks.push({
    type: 'context',
    block_id: BlockId.helpFooter,
    elements: [
      { type: 'mrkdwn', text: 'Search results are visible only to you until you press *Share*.' },
      { type: 'mrkdwn', text: 'Press 👍 *More like this* or 👎 *Not for us* under any paper to steer this channel\u2019s digests (Undo takes it back).' },
    ],
  });
  const available = commands.filter((c) => c.status === 'available').map((c) => escapeMrkdwn(c.example));
  return { text: `How to use /paper, e.g. ${available.join(', ')}`, blocks };
}
