import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon } from '../../ui/index.ts';
import { CopyButton } from './copy-button.tsx';

/** A value to paste into the helpdesk, in a read-only box with a copy button; a secret stays hidden until "Show". */
export function PasteValue({ label, value, hint, secret = false, testId }: { label: string; value: string; hint?: string; secret?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [visible, setVisible] = useState(!secret);
  return (
    <div className="conn-value">
      <div className="conn-value__label" id={`${id}-label`}>{label}</div>
      {hint && <p className="field__hint" id={`${id}-hint`}>{hint}</p>}
      <div className="conn-value__row">
        <code className="conn-value__text" aria-labelledby={`${id}-label`} aria-describedby={hint ? `${id}-hint` : undefined} data-testid={testId}>
          {visible ? value : <span className="conn-value__mask" aria-label={t('connections.secretHidden')}>••••••••••••••••</span>}
        </code>
        <span className="conn-value__actions">
          {secret && (
            <Button size="sm" variant="ghost" onClick={() => setVisible((v) => !v)} aria-pressed={visible}>
              {visible ? <Icon.EyeOff size={14} /> : <Icon.Eye size={14} />}
              {visible ? t('connections.hide') : t('connections.show')}
            </Button>
          )}
          <CopyButton text={value} what={label} />
        </span>
      </div>
    </div>
  );
}
