/**
 * The zone a person most likely meant by a name that is none: an abbreviation (`PST`), a city alone (`Paris`) or a
 * near miss (`Europe/Pari`). Pure; `/paper subscribe`'s answer (commands/zone-hint.ts) and `DIGEST_DEFAULT_TZ`'s
 * startup error name it.
 */
import { editDistance } from '../search/tables/edit-distance.ts';

/** Abbreviations people type, and the zone where most who type them live. */
export const ABBREVIATIONS = new Map<string, string>(Object.entries({
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

/** The zone meant by `typed` (an abbreviation, a city, a near miss), or null when nothing comes close. */
export function zoneMeant(typed: string): string | null {
  const lower = typed.trim().toLowerCase();
  return ABBREVIATIONS.get(lower) ?? cities().get(lower.replace(/\s+/g, '_')) ?? (lower.includes('/') ? nearMiss(lower) : null);
}
