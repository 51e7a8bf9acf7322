/** A star rating shown as five stars, with its value as the accessible name ("4 out of 5 stars"). */
export function Stars({ value, label, size = 16 }: { value: number; label: string; size?: number }) {
  return (
    <span className="stars" role="img" aria-label={label}>
      {[1, 2, 3, 4, 5].map((n) => (
        <svg key={n} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" className={n <= value ? undefined : 'stars__empty'}>
          <path fill="currentColor" d="M12 2.5l2.94 5.96 6.58.96-4.76 4.64 1.12 6.55L12 17.52l-5.88 3.09 1.12-6.55L2.48 9.42l6.58-.96z" />
        </svg>
      ))}
    </span>
  );
}
