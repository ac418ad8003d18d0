// Completions already received, so that backspace-and-retype, and typing the characters the ghost
// text already shows, cost no request. An entry answers any later cursor whose text before it is the
// entry's prefix plus the start of its completion (and whose text after it is unchanged).

/** Characters of the prefix and suffix that identify a place in a document. */
const PREFIX_KEY = 400;
const SUFFIX_KEY = 200;

interface Entry {
  doc: string;
  prefixKey: string;
  suffixKey: string;
  text: string;
}

export interface CacheHit {
  /** What is left to show: the completion minus what the user typed since. */
  text: string;
  /** The user typed part of the completion (not an exact place). */
  typedThrough: boolean;
}

export class CompletionCache {
  private entries: Entry[] = [];

  constructor(private readonly capacity = 64) {}

  /** Remembers `text` as the completion at the place `prefix|suffix` of document `doc`. */
  put(doc: string, prefix: string, suffix: string, text: string): void {
    if (text === '') return;
    const entry = { doc, prefixKey: prefix.slice(-PREFIX_KEY), suffixKey: suffix.slice(0, SUFFIX_KEY), text };
    this.entries = this.entries.filter((e) => !(e.doc === doc && e.prefixKey === entry.prefixKey && e.suffixKey === entry.suffixKey));
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  /** The completion for this place, if one was received here or typed through from an earlier place. */
  get(doc: string, prefix: string, suffix: string): CacheHit | undefined {
    const suffixKey = suffix.slice(0, SUFFIX_KEY);
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.doc !== doc || e.suffixKey !== suffixKey) continue;
      const hit = typedThrough(e, prefix);
      if (hit) {
        // Most recently used last: it survives longest.
        this.entries.splice(i, 1);
        this.entries.push(e);
        return hit;
      }
    }
    return undefined;
  }

  /** Forgets a document (closed, or too much changed). */
  forget(doc: string): void {
    this.entries = this.entries.filter((e) => e.doc !== doc);
  }

  get size(): number {
    return this.entries.length;
  }
}

function typedThrough(e: Entry, prefix: string): CacheHit | undefined {
  const last = prefix.charCodeAt(prefix.length - 1);
  // A key shorter than PREFIX_KEY was the whole prefix (the start of the file): it must still be.
  const whole = e.prefixKey.length < PREFIX_KEY;
  for (let typed = 0; typed < e.text.length; typed++) {
    if (typed > 0 && e.text.charCodeAt(typed - 1) !== last) continue;
    if (whole && prefix.length !== e.prefixKey.length + typed) continue;
    if (prefix.endsWith(e.prefixKey + e.text.slice(0, typed))) return { text: e.text.slice(typed), typedThrough: typed > 0 };
  }
  return undefined;
}
