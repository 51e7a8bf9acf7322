import { forwardRef, type ButtonHTMLAttributes } from 'react';
import { Spinner } from './spinner.tsx';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'danger-solid';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: 'sm' | 'md' | 'lg';
  block?: boolean;
  /**
   * Shows a spinner and ignores presses; the button stays focusable (aria-disabled, not disabled) so
   * keyboard focus is not lost while a request runs, and its label stays so its name does not change.
   */
  loading?: boolean;
}

/** The one button of the app; `type="button"` unless told otherwise. */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant = 'secondary', size = 'md', block, loading, className, disabled, children, type = 'button', onClick, ...props },
  ref,
) {
  const classes = ['btn', `btn--${variant}`, size !== 'md' && `btn--${size}`, block && 'btn--block', className].filter(Boolean).join(' ');
  return (
    <button ref={ref} type={type} className={classes} disabled={disabled} aria-disabled={loading || undefined} aria-busy={loading || undefined}
      onClick={loading ? (event) => event.preventDefault() : onClick} {...props}>
      {loading && <Spinner size="sm" />}
      {children}
    </button>
  );
});

/** Class names for a link that looks like a button. */
export function buttonClass(variant: ButtonVariant = 'secondary', size: 'sm' | 'md' | 'lg' = 'md'): string {
  return ['btn', `btn--${variant}`, size !== 'md' && `btn--${size}`].filter(Boolean).join(' ');
}
