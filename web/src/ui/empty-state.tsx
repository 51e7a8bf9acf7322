import type { ReactNode } from 'react';
import { Inbox } from './icons.tsx';

/** What a page shows when there is nothing (or nothing for you): an icon, a heading, a sentence and an action. */
export function EmptyState({ title, children, icon, action, headingLevel = 2 }: { title: string; children?: ReactNode; icon?: ReactNode; action?: ReactNode; headingLevel?: 1 | 2 | 3 }) {
  const Heading = `h${headingLevel}` as const;
  return (
    <div className="empty">
      <div className="empty__icon">{icon ?? <Inbox size={22} />}</div>
      <Heading>{title}</Heading>
      {children && <p className="empty__text">{children}</p>}
      {action}
    </div>
  );
}
