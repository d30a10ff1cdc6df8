/** A `/paper` command the grammar refuses: the problem, then the subcommand's usage and an example. Pure. */

/** `scheduleWords`: the topic ends in a schedule the bot does not keep (stray-cadence.ts). */
export type InvalidCommand = { kind: 'invalid'; message: string; scheduleWords?: true };

export const USAGE = {
  subscribe: '/paper subscribe TOPIC [at HH:MM] [tz ZONE] [daily|weekdays|weekly|every DAY]',
  unsubscribe: '/paper unsubscribe TOPIC',
  pause: '/paper pause TOPIC|#ID [for N days|for N weeks|until YYYY-MM-DD]',
  resume: '/paper resume TOPIC|#ID',
  digest: '/paper digest TOPIC',
  unfurl: '/paper unfurl off|on',
  top: '/paper top [week|month] [TOPIC]',
  like: '/paper subscribe [TOPIC] like PAPER [PAPER …] [at HH:MM] [tz ZONE] [daily|weekdays|weekly|every DAY]',
  reset: '/paper reset TOPIC|ratings',
  saved: '/paper saved [bibtex] [PAGE]',
} as const;

const EXAMPLE = {
  subscribe: '/paper subscribe sparse attention at 09:00 tz Europe/Berlin weekdays',
  unsubscribe: '/paper unsubscribe sparse attention',
  pause: '/paper pause sparse attention',
  resume: '/paper resume sparse attention',
  digest: '/paper digest sparse attention',
  unfurl: '/paper unfurl off',
  top: '/paper top week sparse attention',
  like: '/paper subscribe sparse attention like 2502.11089 https://huggingface.co/papers/2401.04088',
  reset: '/paper reset sparse attention',
  saved: '/paper saved bibtex 2',
} as const;

export type Subcommand = keyof typeof USAGE;

export function invalid(problem: string, subcommand: Subcommand): InvalidCommand {
  return {
    kind: 'invalid',
    message: `${problem}\nUsage: \`${USAGE[subcommand]}\`, for example \`${EXAMPLE[subcommand]}\``,
  };
}

/** User input quoted back in a message: short, and without Slack's control characters. */
export function echo(value: string): string {
  const clean = value.replace(/[<>&`]/g, '');
  return [...clean].length > 40 ? `${[...clean].slice(0, 40).join('')}…` : clean;
}
