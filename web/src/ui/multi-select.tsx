import * as Popover from '@radix-ui/react-popover';
import { useId } from 'react';
import { Button } from './button.tsx';
import { ChevronDown } from './icons.tsx';

export interface MultiSelectOption { value: string; label: string }

/**
 * A filter button opening a list of checkboxes (Radix Popover). The button's name says the filter
 * and how many are chosen ("Channel, 2 selected"); the list is a fieldset named after the filter.
 */
export function MultiSelect({ label, options, selected, onChange, selectedLabel, clearLabel, doneLabel }: {
  label: string;
  options: MultiSelectOption[];
  selected: string[];
  onChange: (values: string[]) => void;
  /** "2 selected", for the accessible name of the trigger. */
  selectedLabel: (count: number) => string;
  clearLabel: string;
  doneLabel: string;
}) {
  const legendId = useId();
  const count = selected.length;
  const toggle = (value: string, checked: boolean) =>
    onChange(checked ? options.map((o) => o.value).filter((v) => v === value || selected.includes(v)) : selected.filter((v) => v !== value));
  return (
    <Popover.Root>
      <Popover.Trigger asChild>
        <Button size="sm" className="multi__trigger" data-active={count > 0}>
          {label}
          {count > 0 && <span className="multi__count" aria-hidden="true">{count}</span>}
          {count > 0 && <span className="sr-only">, {selectedLabel(count)}</span>}
          <ChevronDown size={14} />
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="popover" aria-label={label} align="start" sideOffset={6} collisionPadding={12}>
          <fieldset className="multi__list" aria-labelledby={legendId}>
            <legend className="sr-only" id={legendId}>{label}</legend>
            {options.map((option) => (
              <label key={option.value} className="multi__option">
                <input type="checkbox" checked={selected.includes(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
                {option.label}
              </label>
            ))}
          </fieldset>
          <div className="multi__footer">
            <Button size="sm" variant="ghost" onClick={() => onChange([])} disabled={count === 0}>{clearLabel}</Button>
            <Popover.Close asChild><Button size="sm" variant="primary">{doneLabel}</Button></Popover.Close>
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
