/**
 * The zone a person most likely meant by a timezone `/paper subscribe` refused: a city alone (`Paris`), a near miss
 * (`Europe/Pari`), an abbreviation (`PST`) or a UTC offset (`UTC+2`). Pure; the words go after the refusal.
 */
import { canonicalTimeZone } from '../digests/time-zones.ts';
import { ABBREVIATIONS, zoneMeant } from '../digests/zone-guess.ts';

/** A sentence naming the zone meant, or '' when nothing comes close. */
export function zoneHint(typed: string): string {
  const lower = typed.trim().toLowerCase();
  const abbreviation = ABBREVIATIONS.get(lower);
  if (abbreviation !== undefined) return ` For ${typed.toUpperCase()}, write \`tz ${abbreviation}\`.`;
  const offset = /^(?:utc|gmt)([+-])(\d{1,2})(?::?00)?$/.exec(lower);
  if (offset !== null) {
    const hours = Number(offset[2]);
    // IANA's fixed-offset names count the other way round: Etc/GMT-2 is two hours ahead of UTC.
    const fixed = hours === 0 ? 'UTC' : `Etc/GMT${offset[1] === '+' ? '-' : '+'}${hours}`;
    const fixedHint = hours <= 12 && canonicalTimeZone(fixed) !== null ? ` (\`tz ${fixed}\` is UTC${offset[1]}${hours} all year)` : '';
    return ` A UTC offset does not follow daylight saving: write your city's zone, like \`tz Europe/Berlin\`${fixedHint}.`;
  }
  const meant = zoneMeant(lower);
  return meant === null ? '' : ` Did you mean \`tz ${meant}\`?`;
}
