// What the completions bench types: real code, at about 8 characters a second with natural pauses
// (after most line ends, now and then after a word), from a seeded generator: every run types the
// same keys at the same times.

export const SCRIPT = `export interface Order {
  id: string;
  items: { price: number; quantity: number }[];
}

export function orderTotal(order: Order): number {
  let total = 0;
  for (const item of order.items) {
    total += item.price * item.quantity;
  }
  return total;
}

export function largestOrder(orders: Order[]): Order | undefined {
  let best: Order | undefined;
  for (const order of orders) {
    if (!best || orderTotal(order) > orderTotal(best)) best = order;
  }
  return best;
}
`;

/** A gap this long or longer is a pause (the user stopped to think or read). */
export const PAUSE_MS = 600;

export interface Key {
  char: string;
  /** ms after the start when the key is pressed. */
  at: number;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The schedule: ~125 ms ± 45 ms between keys; a pause of 0.9–1.8 s after 60% of line ends, 0.7–1.2 s after 8% of spaces and dots. */
export function schedule(text: string = SCRIPT, seed = 20261207): Key[] {
  const rnd = mulberry32(seed);
  const keys: Key[] = [];
  let t = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    keys.push({ char, at: Math.round(t) });
    t += 125 + (rnd() * 90 - 45);
    if (char === '\n' && rnd() < 0.6) t += 900 + rnd() * 900;
    else if ((char === ' ' || char === '.') && rnd() < 0.08) t += 700 + rnd() * 500;
  }
  return keys;
}

/** The continuation a perfect model would give after `prompt`: the rest of the script's line (or the next line at a line end). */
export function continuation(prompt: string, text: string = SCRIPT): string {
  const tail = prompt.slice(-60);
  const at = text.indexOf(tail);
  if (at < 0 || tail === '') return '';
  const k = at + tail.length;
  const lineEnd = text.indexOf('\n', k);
  if (lineEnd > k) return text.slice(k, lineEnd);
  const next = text.indexOf('\n', k + 1);
  return next > k ? text.slice(k, next) : '';
}
