/**
 * Acronyms and their expansions, mined from the corpus itself ("key-value (KV) cache", "connectionist temporal
 * classification (CTC)") plus a short list of field-standard abbreviations, so a query can use either form.
 *
 * Mining follows Schwartz & Hearst (2003, "A simple algorithm for identifying abbreviation definitions in
 * biomedical text"): for every parenthesised short form, walk its letters right to left through the words just
 * before the parenthesis; the shortest run of words that spells it, starting on a word boundary, is the long form.
 *
 * Both forms are kept as stem sequences of their non-stop words (what the index compares), so "Mixture-of-Experts",
 * "mixture of experts" and "mixtures of experts" are one long form.
 */
import { isStopWord, stem, words } from '../query.ts';

/** One expansion of an acronym. */
export interface LongForm {
  /** Stems of its non-stop words, in order ("key valu"). */
  stems: string[];
  /** How it is written (stems of all its words, stop words included), for marking it in a snippet. */
  spellings: string[][];
  /** How many times the corpus defines it (general-list entries count 1). */
  count: number;
}

/**
 * Field-standard abbreviations a researcher types without the corpus necessarily spelling them out. General
 * vocabulary of the field, not tuned to any query; the corpus' own definitions are added to (and rank before) these.
 */
export const STANDARD_ABBREVIATIONS: Readonly<Record<string, string>> = {
  llm: 'large language model',
  vlm: 'vision language model',
  lvlm: 'large vision language model',
  mllm: 'multimodal large language model',
  nlp: 'natural language processing',
  asr: 'automatic speech recognition',
  tts: 'text to speech',
  ctc: 'connectionist temporal classification',
  vit: 'vision transformer',
  cnn: 'convolutional neural network',
  rnn: 'recurrent neural network',
  gnn: 'graph neural network',
  moe: 'mixture of experts',
  kv: 'key value',
  mha: 'multi head attention',
  ssm: 'state space model',
  rl: 'reinforcement learning',
  rag: 'retrieval augmented generation',
  sae: 'sparse autoencoder',
  gan: 'generative adversarial network',
  vae: 'variational autoencoder',
  icl: 'in context learning',
  cot: 'chain of thought',
  lora: 'low rank adaptation',
  tta: 'test time adaptation',
};

/**
 * Leading modifiers a query may leave out of a long form and still mean it: "speech recognition" is what
 * "automatic speech recognition (ASR)" names, "language model" what "large language model (LLM)" names.
 */
const DROPPABLE_MODIFIERS = new Set(['automat', 'larg', 'deep', 'neural']);

/** Longest short form considered (characters), most long forms kept per acronym. */
const MAX_SHORT_FORM = 10;
const MAX_LONG_FORMS = 3;
/** A long form defined this many times less often than the acronym's usual one is dropped. */
const RARE_FORM_RATIO = 4;

const PAREN_RE = /\(([^()\s]{2,12})\)/g;
const ALNUM_RE = /[\p{L}\p{N}]/u;

function isAlnum(ch: string | undefined): boolean {
  return ch !== undefined && ALNUM_RE.test(ch);
}

/** The short form without a plural "s" ("LLMs" → "LLM"), or null when it does not look like an acronym. */
export function normalizeShortForm(raw: string): string | null {
  let short = raw.replace(/[’']s$/u, '');
  if (/^[\p{Lu}\p{N}-]{2,}s$/u.test(short)) short = short.slice(0, -1);
  if (short.length < 2 || short.length > MAX_SHORT_FORM) return null;
  if (!/^\p{L}[\p{L}\p{N}-]*$/u.test(short)) return null;
  const upper = [...short].filter((ch) => /\p{Lu}/u.test(ch)).length;
  // "KV", "ASR", "ViT", "MoE"; not "Fig", "e.g", "and".
  if (upper < 2) return null;
  return short;
}

/** Schwartz & Hearst's right-to-left match of `short` against the end of `candidate`; the long form or null. */
export function matchLongForm(short: string, candidate: string): string | null {
  let s = short.length - 1;
  let l = candidate.length - 1;
  while (s >= 0) {
    const ch = short.charAt(s).toLowerCase();
    if (!isAlnum(ch)) {
      s--;
      continue;
    }
    while (l >= 0 && (candidate.charAt(l).toLowerCase() !== ch || (s === 0 && isAlnum(candidate.charAt(l - 1))))) l--;
    if (l < 0) return null;
    l--;
    s--;
  }
  // Back to the start of the word the first letter sat in.
  while (l >= 0 && isAlnum(candidate.charAt(l))) l--;
  return candidate.slice(l + 1).trim();
}

function stemsOf(text: string): { stems: string[]; spellings: string[][] } {
  const all = words(text);
  return { spellings: [all.map(stem)], stems: all.filter((w) => !isStopWord(w)).map(stem) };
}

/** Most spellings kept per long form ("key-value", "key and value"). */
const MAX_SPELLINGS = 3;

/** The index-side key of an acronym: the stem of its folded form ("LLMs" and "LLM" → "llm"). */
export function acronymKey(short: string): string {
  return stem(short.toLowerCase());
}

function compareStems(a: readonly string[], b: readonly string[]): number {
  const joinedA = a.join(' ');
  const joinedB = b.join(' ');
  return joinedA < joinedB ? -1 : joinedA > joinedB ? 1 : 0;
}

/** Acronyms ↔ long forms, looked up both ways by the query expander. */
export class AcronymTable {
  /** acronym key → its long forms, most often defined first. */
  readonly #longForms = new Map<string, LongForm[]>();
  /** long form (stems joined by a space, also without a droppable leading modifier) → acronym keys. */
  readonly #byLongForm = new Map<string, Set<string>>();

  /** Long forms of an acronym key (e.g. "kv" → [["key", "valu"]]). */
  longForms(key: string): readonly LongForm[] {
    return this.#longForms.get(key) ?? [];
  }

  /** Acronym keys whose long form is exactly these stems (a droppable leading modifier may be missing). */
  acronymsFor(stems: readonly string[]): string[] {
    return [...(this.#byLongForm.get(stems.join(' ')) ?? [])];
  }

  get size(): number {
    return this.#longForms.size;
  }

  /** The long forms per acronym key, as plain data (JSON-safe); `fromEntries` makes the table back (unsealed). */
  entries(): Array<[string, LongForm[]]> {
    return [...this.clone().#longForms];
  }

  static fromEntries(entries: ReadonlyArray<readonly [string, readonly LongForm[]]>): AcronymTable {
    const table = new AcronymTable();
    for (const [key, list] of entries) {
      table.#longForms.set(
        key,
        list.map((form) => ({ stems: [...form.stems], spellings: form.spellings.map((spelling) => [...spelling]), count: form.count })),
      );
    }
    return table;
  }

  /** A deep copy of the long forms (unsealed: seal it after adding). */
  clone(): AcronymTable {
    return AcronymTable.fromEntries([...this.#longForms]);
  }

  add(key: string, longForm: LongForm): void {
    if (longForm.stems.length < 2 || isStopWord(key) || longForm.stems.includes(key)) return;
    const list = this.#longForms.get(key) ?? [];
    const joined = longForm.stems.join(' ');
    const existing = list.find((item) => item.stems.join(' ') === joined);
    if (existing) {
      existing.count += longForm.count;
      for (const spelling of longForm.spellings) {
        const key = spelling.join(' ');
        if (existing.spellings.length < MAX_SPELLINGS && !existing.spellings.some((s) => s.join(' ') === key)) {
          existing.spellings.push([...spelling]);
        }
      }
    } else {
      list.push({ stems: [...longForm.stems], spellings: longForm.spellings.slice(0, MAX_SPELLINGS).map((s) => [...s]), count: longForm.count });
    }
    this.#longForms.set(key, list);
  }

  /** Sorts and caps each acronym's long forms and indexes them for the reverse lookup. Call once after adding. */
  seal(): this {
    this.#byLongForm.clear();
    for (const [key, list] of this.#longForms) {
      // Ties by the stems themselves, not by which paper came first: the table must not depend on paper order (an
      // index loaded from the cache keeps the table mined in the order it was built in).
      list.sort((a, b) => b.count - a.count || a.stems.length - b.stems.length || compareStems(a.stems, b.stems));
      // A stray definition ("CTC = cybersecurity topic classification" once, against a dozen of the usual one)
      // does not get to expand every query that uses the acronym.
      const top = list[0]?.count ?? 0;
      const kept = list.filter((form) => form.count * RARE_FORM_RATIO >= top).slice(0, MAX_LONG_FORMS);
      list.splice(0, list.length, ...kept);
      for (const form of list) {
        this.#index(form.stems.join(' '), key);
        const first = form.stems[0];
        if (form.stems.length > 2 && first !== undefined && DROPPABLE_MODIFIERS.has(first)) {
          this.#index(form.stems.slice(1).join(' '), key);
        }
      }
    }
    return this;
  }

  #index(joined: string, key: string): void {
    const set = this.#byLongForm.get(joined) ?? new Set<string>();
    set.add(key);
    this.#byLongForm.set(joined, set);
  }
}

/** Every "long form (SF)" definition in a text. */
export function findDefinitions(text: string): Array<{ short: string; long: string }> {
  const out: Array<{ short: string; long: string }> = [];
  for (const match of text.matchAll(PAREN_RE)) {
    const short = normalizeShortForm(match[1] ?? '');
    if (short === null) continue;
    const before = text.slice(Math.max(0, match.index - 200), match.index);
    const beforeWords = before.trim().split(/\s+/u);
    const letters = [...short].filter(isAlnum).length;
    const window = beforeWords.slice(-Math.min(letters + 5, letters * 2)).join(' ');
    const long = matchLongForm(short, window);
    if (long === null) continue;
    const longWords = words(long);
    // A long form spells the acronym out: more than one word, longer than it, not containing it.
    if (longWords.length < 2 || long.length <= short.length) continue;
    if (longWords.includes(short.toLowerCase())) continue;
    out.push({ short, long });
  }
  return out;
}

/** The table for a corpus: its own definitions first, then the standard abbreviations. */
/** Builds the table one text at a time (so a warm-up can yield between papers); `finish` adds the standard list and seals. */
export class AcronymTableBuilder {
  /** The definitions mined so far, never sealed (so texts can still be added after `finish`). */
  readonly #table: AcronymTable;

  constructor(table = new AcronymTable()) {
    this.#table = table;
  }

  addText(text: string): void {
    for (const { short, long } of findDefinitions(text)) {
      this.#table.add(acronymKey(short), { ...stemsOf(long), count: 2 });
    }
  }

  /** The definitions mined so far, as plain data (kept with the index, see packed-index.ts). */
  definitions(): Array<[string, LongForm[]]> {
    return this.#table.entries();
  }

  /** A builder holding the given definitions (what `definitions()` returned). */
  static fromDefinitions(definitions: ReadonlyArray<readonly [string, readonly LongForm[]]>): AcronymTableBuilder {
    return new AcronymTableBuilder(AcronymTable.fromEntries(definitions));
  }

  /** A builder holding the same definitions, to add more texts to without changing this one. */
  fork(): AcronymTableBuilder {
    return new AcronymTableBuilder(this.#table.clone());
  }

  /** The table of the texts added so far plus the standard abbreviations, sealed. */
  finish(): AcronymTable {
    const table = this.#table.clone();
    for (const [short, long] of Object.entries(STANDARD_ABBREVIATIONS)) {
      table.add(acronymKey(short), { ...stemsOf(long), count: 1 });
    }
    return table.seal();
  }
}

export function buildAcronymTable(texts: Iterable<string>): AcronymTable {
  const builder = new AcronymTableBuilder();
  for (const text of texts) builder.addText(text);
  return builder.finish();
}
