import type { HTMLAttributes } from 'react';

/** A bordered surface. `as` picks the element (article for a response, section for a panel). */
export function Card({ as: Tag = 'div', padded = true, className, ...props }: HTMLAttributes<HTMLElement> & { as?: 'div' | 'article' | 'section' | 'li'; padded?: boolean }) {
  return <Tag className={['card', padded && 'card--padded', className].filter(Boolean).join(' ')} {...props} />;
}
