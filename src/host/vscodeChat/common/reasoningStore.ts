// The reasoning of answers that made tool calls, by tool-call id. DeepSeek's thinking models need the
// `reasoning_content` of a tool-call loop sent back in every later request (400 without), and VS Code
// does not always hand the thinking parts back; after a window reload the memory is gone too. So it is
// kept here and saved in the extension's storage: bounded in entries and characters, oldest first
// out, entries older than the age limit dropped. Pure (no vscode, no fs): serialised to a JSON value.

export interface ReasoningLimits {
  maxEntries: number;
  /** Total characters of reasoning kept. */
  maxChars: number;
  maxAgeMs: number;
}

/** A tool loop rarely spans more than a few hundred calls; a week covers a chat left open. */
export const DEFAULT_REASONING_LIMITS: ReasoningLimits = { maxEntries: 500, maxChars: 4_000_000, maxAgeMs: 7 * 24 * 3600_000 };

interface Entry {
  reasoning: string;
  /** Epoch ms when it was stored. */
  at: number;
}

/** What is written to disk. */
export interface SavedReasoning {
  version: 1;
  entries: [callId: string, reasoning: string, at: number][];
}

export class ReasoningStore {
  /** Insertion order is age order (a re-set moves an entry to the end). */
  private readonly entries = new Map<string, Entry>();
  private chars = 0;

  constructor(
    private readonly limits: ReasoningLimits = DEFAULT_REASONING_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(callId: string): string | undefined {
    const entry = this.entries.get(callId);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.limits.maxAgeMs) {
      this.delete(callId);
      return undefined;
    }
    return entry.reasoning;
  }

  set(callId: string, reasoning: string, at = this.now()): void {
    this.delete(callId);
    // One reasoning larger than the whole budget is not kept (it would evict everything else).
    if (reasoning.length > this.limits.maxChars) return;
    this.entries.set(callId, { reasoning, at });
    this.chars += reasoning.length;
    this.prune();
  }

  /** Drops expired entries, then the oldest until within the entry and character limits. */
  prune(): void {
    const cutoff = this.now() - this.limits.maxAgeMs;
    for (const [id, entry] of this.entries) if (entry.at < cutoff) this.delete(id);
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.limits.maxEntries && this.chars <= this.limits.maxChars) break;
      this.delete(id);
    }
  }

  toJSON(): SavedReasoning {
    return { version: 1, entries: [...this.entries].map(([id, e]) => [id, e.reasoning, e.at]) };
  }

  /** Replaces the contents with a saved value; anything malformed in it is skipped. */
  load(saved: unknown): void {
    this.entries.clear();
    this.chars = 0;
    const list = saved && typeof saved === 'object' && (saved as SavedReasoning).version === 1 ? (saved as SavedReasoning).entries : undefined;
    if (!Array.isArray(list)) return;
    for (const item of list) {
      if (!Array.isArray(item)) continue;
      const [id, reasoning, at] = item as unknown[];
      if (typeof id === 'string' && typeof reasoning === 'string' && typeof at === 'number' && Number.isFinite(at)) this.set(id, reasoning, at);
    }
  }

  private delete(callId: string): void {
    const entry = this.entries.get(callId);
    if (!entry) return;
    this.entries.delete(callId);
    this.chars -= entry.reasoning.length;
  }
}
