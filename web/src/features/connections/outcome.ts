import type { TFunction } from 'i18next';
import type { BadgeTone } from '../../ui/index.ts';

/** An event's or a try's outcome as a badge colour: made a request (green), waits (amber), refused (red), else grey. */
export function outcomeTone(outcome: string): BadgeTone {
  switch (outcome) {
    case 'created':
    case 'request':
      return 'positive';
    case 'pending':
      return 'warning';
    case 'refused':
    case 'unauthorized':
    case 'failed':
      return 'negative';
    default:
      return 'neutral';
  }
}

const OUTCOMES = ['request', 'created', 'skipped', 'refused', 'unauthorized', 'pending', 'failed'] as const;
type Outcome = (typeof OUTCOMES)[number];

/** An outcome's name in the reader's language (one this app does not know yet shows as sent). */
export function outcomeText(t: TFunction, outcome: string): string {
  return (OUTCOMES as readonly string[]).includes(outcome) ? t(`connections.outcomes.${outcome as Outcome}`) : outcome;
}
