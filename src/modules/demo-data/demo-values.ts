/** Deterministic pseudo-random numbers (mulberry32), so a seed reproduces the same data. */
export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `count` distinct items in their original order. */
  some<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(Math.floor(this.next() * items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
  }

  /** An index into `weights`, chosen with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    let roll = this.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) if ((roll -= weights[i]) < 0) return i;
    return weights.length - 1;
  }
}

export const FIRST_NAMES = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sophia', 'Lucas', 'Mia', 'Ethan', 'Amara', 'Kenji', 'Priya', 'Diego', 'Fatima', 'Jonas', 'Chloe', 'Omar', 'Hana', 'Marco'];
export const LAST_NAMES = ['Garcia', 'Smith', 'Nguyen', 'Okafor', 'Muller', 'Rossi', 'Kim', 'Patel', 'Johnson', 'Silva', 'Cohen', 'Tanaka', 'Brown', 'Dubois', 'Larsen', 'Haddad'];
export const TAGS = ['billing', 'deliveries', 'returns', 'holidays', 'account', 'refund', 'damaged-item', 'vip', 'order-change', 'technical'];
export const ISSUE_TYPES = ['Order Change Request', 'Missing Package', 'Refund', 'Billing Question', 'Product Question', 'Account Access'];
export const COMMENTS_GOOD = ['Fast and friendly, thank you!', 'Solved my problem in minutes.', 'Very knowledgeable and patient.', 'Great service as always.'];
export const COMMENTS_BAD = ['Took far too long.', "This is the third time I've emailed support.", 'Still not resolved.', 'I was transferred three times.'];
