// Ways to cut a text into deltas.

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `text` at random points into pieces of 1..maxPiece characters. */
export function randomSplit(text: string, random: () => number, maxPiece = 40): string[] {
  const pieces: string[] = [];
  let pos = 0;
  while (pos < text.length) {
    const n = 1 + Math.floor(random() * maxPiece);
    pieces.push(text.slice(pos, pos + n));
    pos += n;
  }
  return pieces;
}

/**
 * Cuts right after the first one and two characters of every line: the moments when a block has only
 * begun ("2" of "2. item", "-" of "- item", "`" of a fence), where sealing too early would go wrong.
 */
export function blockStartSplit(text: string): string[] {
  const cuts = new Set<number>();
  let lineStart = 0;
  while (lineStart < text.length) {
    cuts.add(lineStart + 1);
    cuts.add(lineStart + 2);
    const nl = text.indexOf('\n', lineStart);
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  const sorted = [...cuts].filter((c) => c > 0 && c < text.length).sort((a, b) => a - b);
  const pieces: string[] = [];
  let prev = 0;
  for (const c of sorted) {
    pieces.push(text.slice(prev, c));
    prev = c;
  }
  pieces.push(text.slice(prev));
  return pieces.filter(Boolean);
}
