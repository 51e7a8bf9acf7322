import type { HTMLAttributes } from 'react';

export type BadgeTone = 'neutral' | 'accent' | 'positive' | 'negative' | 'warning';

/** A small label: channel, tag, "This device", "Recovered". */
export function Badge({ tone = 'neutral', className, ...props }: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return <span className={['badge', tone !== 'neutral' && `badge--${tone}`, className].filter(Boolean).join(' ')} {...props} />;
}
