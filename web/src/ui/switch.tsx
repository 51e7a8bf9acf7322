import type { ReactNode } from 'react';

/** An on/off choice: a checkbox with role="switch", named by its label (visible text, plus any visually hidden context). */
export function Switch({ label, checked, onChange }: { label: ReactNode; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="switch">
      <input type="checkbox" role="switch" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}
