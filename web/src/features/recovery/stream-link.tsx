import { useRouter } from '@tanstack/react-router';
import type { MouseEvent, ReactNode } from 'react';

/** A link into the Stream that moves inside the app on a plain click (a new tab on Ctrl/Cmd-click, as links do). */
export function StreamLink({ href, children, className, label }: { href: string; children: ReactNode; className?: string; label?: string }) {
  const router = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void router.navigate({ href });
  };
  return (
    <a href={href} onClick={onClick} className={className}>
      {children}
      {label && <span className="sr-only"> {label}</span>}
    </a>
  );
}
