import type { ReactNode } from 'react';
import { AlertCircle, CheckCircle, Info } from './icons.tsx';

/**
 * A message about what just happened. Errors are role="alert" (read at once); success and info are
 * role="status" (read politely). Render it into the page when the message arrives.
 */
export function Alert({ tone = 'info', title, children }: { tone?: 'error' | 'success' | 'info'; title?: string; children?: ReactNode }) {
  const Icon = tone === 'error' ? AlertCircle : tone === 'success' ? CheckCircle : Info;
  return (
    <div className={`alert alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Icon size={16} />
      <div className="alert__body">
        {title && <p className="alert__title">{title}</p>}
        {children && <div>{children}</div>}
      </div>
    </div>
  );
}
