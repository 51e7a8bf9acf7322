import { forwardRef, useId, type InputHTMLAttributes, type ReactNode } from 'react';

export interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  /** Shown under the label, read with the field (aria-describedby). */
  hint?: string;
  /** Marks the field invalid and is read with it (and announced when it appears: role="alert"). */
  error?: string | null;
  /** Something at the end of the label row (e.g. a "Forgot password?" link). */
  labelAside?: ReactNode;
}

/** A labelled input with its hint and error wired to it. */
export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, hint, error, labelAside, id, className, ...props },
  ref,
) {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <div className="field__label-row">
        <label className="field__label" htmlFor={inputId}>{label}</label>
        {labelAside}
      </div>
      {hint && <p className="field__hint" id={hintId}>{hint}</p>}
      <input ref={ref} id={inputId} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...props} />
      {error && <p className="field__error" id={errorId} role="alert">{error}</p>}
    </div>
  );
});
