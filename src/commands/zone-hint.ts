/**
 * The zone a person most likely meant by a timezone `/paper subscribe` refused: a city alone (`Paris`), a near miss
 * (`Europe/Pari`), an abbreviation (`PST`) or a UTC offset (`UTC+2`). Pure; the words go after the refusal.
 */
import { editDistance } from '../search/tables/edit-distance.ts';
import { canonicalTimeZone } from '../digests/time-zones.ts';

/** Abbreviations people type, and the zone where most who type them live. */
const ABBREVIATIONS = new Map<string, string>(Object.entries({
  pst: 'America/Los_Angeles',
  pdt: 'America/Los_Angeles',
  pt: 'America/Los_Angeles',
  mst: 'America/Denver',
  mdt: 'America/Denver',
  cst: 'America/Chicago',
  cdt: 'America/Chicago',
  est: 'America/New_York',
  edt: 'America/New_York',
  et: 'America/New_York',
  bst: 'Europe/London',
  cet: 'Europe/Berlin',
  cest: 'Europe/Berlin',
  eet: 'Europe/Helsinki',
  eest: 'Europe/Helsinki',
  ist: 'Asia/Kolkata',
  jst: 'Asia/Tokyo',
  kst: 'Asia/Seoul',
  aest: 'Australia/Sydney',
  aedt: 'Australia/Sydney',
}));

let zonesByCity: Map<string, string> | null = null;

/** `paris` → `Europe/Paris`, `new_york` → `America/New_York` (the last part of every zone Intl lists). */
function cities(): Map<string, string> {
  if (zonesByCity === null) {
    zonesByCity = new Map();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const city = zone.slice(zone.lastIndexOf('/') + 1).toLowerCase();
      if (zone.includes('/') && !zonesByCity.has(city)) zonesByCity.set(city, zone);
    }
  }
  return zonesByCity;
}

/** The closest zone name within two edits (`Europe/Pari`, `Amercia/New_York`), or null. */
function nearMiss(typed: string): string | null {
  let best: { zone: string; edits: number } | null = null;
  for (const zone of Intl.supportedValuesOf('timeZone')) {
    const edits = editDistance(typed, zone.toLowerCase(), 2);
    if (edits <= 2 && (best === null || edits < best.edits)) best = { zone, edits };
  }
  return best?.zone ?? null;
}

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
  const city = cities().get(lower.replace(/\s+/g, '_'));
  const meant = city ?? (lower.includes('/') ? nearMiss(lower) : null);
  return meant === null ? '' : ` Did you mean \`tz ${meant}\`?`;
}
