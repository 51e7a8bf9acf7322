import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon } from '../../ui/index.ts';

/** Copies `text` to the clipboard; says "Copied" (read politely) for a moment, or how to copy by hand. */
export function CopyButton({ text, what, size = 'sm' }: { text: string; what: string; size?: 'sm' | 'md' }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="copy">
      <Button size={size} onClick={() => void copy()}>
        {state === 'copied' ? <Icon.Check size={14} /> : <Icon.Copy size={14} />}
        {/* The visible word, then what it copies for screen readers ("Copy Inbound URL"), so the name always starts with what is shown. */}
        <span>{state === 'copied' ? t('connections.copied') : t('connections.copy')}<span className="sr-only"> {what}</span></span>
      </Button>
      <span className="copy__status" role="status">{state === 'copied' ? t('connections.copied') : state === 'failed' ? t('connections.copyFailed') : ''}</span>
    </span>
  );
}
