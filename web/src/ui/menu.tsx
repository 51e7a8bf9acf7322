import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';
import { Check } from './icons.tsx';

/*
 * The app's menu, on Radix DropdownMenu (roles, roving focus, typeahead, Escape). modal={false}:
 * a modal menu locks scrolling with an injected <style>, which the app's CSP refuses.
 */

export function Menu({ trigger, children, align = 'end' }: { trigger: ReactNode; children: ReactNode; align?: 'start' | 'end' }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>{trigger}</DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align={align} sideOffset={6} collisionPadding={12}>
          {children}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

export function MenuItem({ children, onSelect, danger, asChild }: { children: ReactNode; onSelect?: (event: Event) => void; danger?: boolean; asChild?: boolean }) {
  return (
    <DropdownMenu.Item className={danger ? 'menu__item menu__item--danger' : 'menu__item'} onSelect={onSelect} asChild={asChild}>
      {children}
    </DropdownMenu.Item>
  );
}

export function MenuLabel({ children }: { children: ReactNode }) {
  return <DropdownMenu.Label className="menu__label">{children}</DropdownMenu.Label>;
}

export function MenuSeparator() {
  return <DropdownMenu.Separator className="menu__separator" />;
}

/** A group of mutually exclusive choices (menuitemradio). */
export function MenuRadioGroup<T extends string>({ label, value, onChange, options }: {
  label: string;
  value: T;
  onChange: (value: T) => void;
  options: { value: T; label: string; icon?: ReactNode }[];
}) {
  return (
    <DropdownMenu.Group aria-label={label}>
      <MenuLabel>{label}</MenuLabel>
      <DropdownMenu.RadioGroup value={value} onValueChange={(next) => onChange(next as T)}>
        {options.map((option) => (
          <DropdownMenu.RadioItem key={option.value} value={option.value} className="menu__item" onSelect={(event) => event.preventDefault()}>
            {option.icon}
            {option.label}
            <DropdownMenu.ItemIndicator className="menu__indicator"><Check size={14} /></DropdownMenu.ItemIndicator>
          </DropdownMenu.RadioItem>
        ))}
      </DropdownMenu.RadioGroup>
    </DropdownMenu.Group>
  );
}
