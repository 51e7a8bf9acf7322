/** A decorative spinner; pair it with text (SpinnerBlock) or aria-busy so assistive technology knows. */
export function Spinner({ size = 'md' }: { size?: 'sm' | 'md' }) {
  return <span className={size === 'sm' ? 'spinner spinner--sm' : 'spinner'} aria-hidden="true" />;
}

/** A spinner with its label, announced politely. */
export function SpinnerBlock({ label }: { label: string }) {
  return (
    <div className="spinner-block" role="status">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

/** A grey placeholder block while content loads. */
export function Skeleton({ width, height = '1rem', className }: { width?: string; height?: string; className?: string }) {
  return <span className={['skeleton', className].filter(Boolean).join(' ')} style={{ display: 'block', width, height }} aria-hidden="true" />;
}
