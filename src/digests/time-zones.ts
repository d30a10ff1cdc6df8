/**
 * Time zone names: which ones `Intl` knows, and the properly-cased IANA name for what a person typed.
 * Also the cached wall-clock formatter zone-arithmetic.ts reads local times with.
 */
const formatterCache = new Map<string, Intl.DateTimeFormat>();

/** A cached en-US formatter printing `MM/DD/YYYY, HH:MM:SS` (h23) in `timeZone`; throws RangeError for unknown zones. */
export function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/** True when `Intl` knows the zone (IANA names and links, any letter case; also `UTC`, `GMT`). */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '' || tz !== tz.trim()) return false;
  try {
    wallFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Names we accept without a region: everything else needs `Area/Location`. */
const BARE_ZONES = new Map<string, string>([
  ['utc', 'UTC'],
  ['gmt', 'GMT'],
]);

let knownZonesByLowerCase: Map<string, string> | null = null;

function knownZones(): Map<string, string> {
  if (!knownZonesByLowerCase) {
    knownZonesByLowerCase = new Map();
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      knownZonesByLowerCase.set(zone.toLowerCase(), zone);
    }
    for (const zone of ['Etc/UTC', 'Etc/GMT']) knownZonesByLowerCase.set(zone.toLowerCase(), zone);
  }
  return knownZonesByLowerCase;
}

const LOWER_CASE_WORDS = new Set(['es', 'au', 'of']);
const UPPER_CASE_WORDS = new Set(['us', 'gmt', 'utc', 'uct']);

/**
 * `asia/ho_chi_minh` → `Asia/Ho_Chi_Minh`, `us/eastern` → `US/Eastern`: the usual IANA
 * capitalisation, for links `Intl.supportedValuesOf` doesn't list (Asia/Kolkata, Europe/Kyiv).
 */
function capitalizeZone(tz: string): string {
  return tz
    .toLowerCase()
    .replace(/[a-z]+/g, (word, offset: number, whole: string) => {
      if (UPPER_CASE_WORDS.has(word)) return word.toUpperCase();
      if (LOWER_CASE_WORDS.has(word) && offset > 0 && /[_-]/.test(whole.charAt(offset - 1))) return word;
      return word.charAt(0).toUpperCase() + word.slice(1);
    });
}

function resolvedZone(tz: string): string | null {
  try {
    return wallFormatter(tz).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * The properly-cased IANA name for user input, or null. Case-insensitive ("europe/berlin" →
 * "Europe/Berlin"); "UTC"/"GMT" (any case) are accepted as such. Modern names are kept as typed
 * ("Asia/Kolkata", "Europe/Kyiv") even though this ICU canonicalises them to older spellings.
 * Region-less abbreviations other than UTC/GMT ("EST", "CET") are rejected: they don't follow
 * daylight saving the way the people typing them expect. Use `isValidTimeZone` to tell
 * "unknown" from "known but not accepted".
 */
export function canonicalTimeZone(tz: string): string | null {
  const input = tz.trim();
  if (input === '') return null;
  const lower = input.toLowerCase();
  const bare = BARE_ZONES.get(lower);
  if (bare) return bare;
  if (!input.includes('/')) return null;
  const canonical = resolvedZone(input);
  if (canonical === null) return null;
  const known = knownZones().get(lower);
  if (known) return known;
  // Intl matches names case-insensitively, so this only fixes the spelling of a zone it knows.
  return capitalizeZone(input);
}
