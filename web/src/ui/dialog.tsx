import * as RadixDialog from '@radix-ui/react-dialog';
import { useEffect, type ReactNode, type RefObject } from 'react';

/**
 * A modal dialog with a title, a description and actions (Radix Dialog: focus trap, the rest of the
 * page hidden from assistive technology, Escape, focus returned). The backdrop is a plain element, not
 * Radix's Overlay: that one locks scrolling with an injected <style>, which the app's CSP refuses; the
 * scroll lock here is a class on <html> (ui/components.css).
 */
export function Dialog({ open, onOpenChange, title, description, children, actions, returnFocus }: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  children?: ReactNode;
  actions: ReactNode;
  /** Where focus goes when it closes: the control that opened it (a dialog opened without a Radix trigger has none to return to). */
  returnFocus?: RefObject<HTMLElement | null>;
}) {
  useEffect(() => {
    if (!open) return;
    document.documentElement.classList.add('scroll-locked');
    return () => document.documentElement.classList.remove('scroll-locked');
  }, [open]);
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <div className="dialog__overlay" aria-hidden="true" />
        <RadixDialog.Content className="dialog" {...(description ? {} : { 'aria-describedby': undefined })}
          onCloseAutoFocus={(event) => { if (returnFocus?.current) { event.preventDefault(); returnFocus.current.focus(); } }}>
          <RadixDialog.Title asChild><h2>{title}</h2></RadixDialog.Title>
          {description ? <RadixDialog.Description className="dialog__description">{description}</RadixDialog.Description> : null}
          {children}
          <div className="dialog__actions">{actions}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

export const DialogClose = RadixDialog.Close;
