import './tokens.css';
import './base.css';
import './components.css';
import './layout.css';

export { Alert } from './alert.tsx';
export { Badge, type BadgeTone } from './badge.tsx';
export { Button, buttonClass, type ButtonProps } from './button.tsx';
export { Card } from './card.tsx';
export { Dialog, DialogClose } from './dialog.tsx';
export { EmptyState } from './empty-state.tsx';
export { Menu, MenuItem, MenuLabel, MenuRadioGroup, MenuSeparator } from './menu.tsx';
export { MultiSelect, type MultiSelectOption } from './multi-select.tsx';
export { Skeleton, Spinner, SpinnerBlock } from './spinner.tsx';
export { Stars } from './stars.tsx';
export { Switch } from './switch.tsx';
export { TextField } from './text-field.tsx';
export * as Icon from './icons.tsx';
