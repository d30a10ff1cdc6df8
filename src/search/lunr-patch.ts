/**
 * Side-effect module: fixes lunr 2.3.9's TokenSet cache key (lunr issue #503). Import it before building an index.
 *
 * While lunr builds an index it minimises the automaton of all indexed terms, merging nodes whose
 * `toString()` keys are equal. The stock key is the final flag followed by `label + childId` for every edge,
 * concatenated with nothing in between. Node ids are plain counters, so once ids reach three digits and a
 * term contains digits, two different nodes can print the same key: `{ '0' → #212 }` prints "00212", and so does
 * `{ '0' → #2, '1' → #2 }` ("0" + "02" + "12"). The second node is then replaced by the first: its words vanish
 * from the index (unfindable), words that were never indexed appear in their place, and querying such a phantom
 * word makes `Index#query` read `invertedIndex[word]._index` of undefined (TypeError).
 *
 * The patched key writes every edge as `<label length>:<label><child id>;`, which can be read back one way only,
 * so equal keys mean equal nodes again.
 */
import lunr from 'lunr';

/** The fields of a lunr TokenSet node the key is made from (not in @types/lunr). */
export interface TokenSetNode {
  final: boolean;
  edges: Record<string, TokenSetNode>;
  id: number;
  /** Key cached by the builder once a node is minimised. */
  _str?: string;
}

type TokenSetToString = (this: TokenSetNode) => string;

/** Marks the fixed function, so a second copy of this module (test isolation, bundling) sees the patch is in. */
const PATCH_MARK = Symbol.for('paper-digest.lunr503.patched');
/** Where the stock implementation is kept once replaced. */
const ORIGINAL_KEY = Symbol.for('paper-digest.lunr503.original');

interface PatchableProto {
  toString: TokenSetToString & { [PATCH_MARK]?: true };
  [ORIGINAL_KEY]?: TokenSetToString;
}

function tokenSetPrototype(): PatchableProto {
  return lunr.TokenSet.prototype as unknown as PatchableProto;
}

/** Unambiguous key: each edge is `<label length>:<label><child id>;`. Same caching contract as lunr's. */
export const patchedTokenSetToString: TokenSetToString = Object.assign(
  function patchedTokenSetToString(this: TokenSetNode): string {
    if (this._str) return this._str;
    let str = this.final ? '1' : '0';
    const labels = Object.keys(this.edges).sort();
    for (const label of labels) {
      const node = this.edges[label];
      if (node === undefined) continue;
      str += `${label.length}:${label}${node.id};`;
    }
    return str;
  },
  { [PATCH_MARK]: true as const },
);

/**
 * lunr's own implementation, kept as a reference: tests swap it back in to show the defect.
 * Read from where the patch stored it, so a second copy of this module still finds the real original.
 */
export const originalTokenSetToString: TokenSetToString =
  tokenSetPrototype()[ORIGINAL_KEY] ?? tokenSetPrototype().toString;

/** Whether lunr's TokenSet currently uses the fixed key. */
export function isLunrTokenSetPatched(): boolean {
  return tokenSetPrototype().toString[PATCH_MARK] === true;
}

/** Applies the fix; calling it again does nothing. Returns whether this call changed lunr. */
export function installLunrTokenSetPatch(): boolean {
  const proto = tokenSetPrototype();
  if (isLunrTokenSetPatched()) return false;
  if (proto[ORIGINAL_KEY] === undefined) {
    Object.defineProperty(proto, ORIGINAL_KEY, { value: proto.toString, enumerable: false });
  }
  proto.toString = patchedTokenSetToString;
  return true;
}

installLunrTokenSetPatch();
