import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../ui/index.ts';

export const COPY_LANGUAGES = ['en', 'es', 'fr', 'de', 'pt', 'nl', 'it'] as const;
const FIELDS = [['subject', 150], ['greeting', 150], ['intro', 500], ['closing', 500]] as const;
type Field = (typeof FIELDS)[number][0];
export type CopyDraft = Record<string, Partial<Record<Field, string>>>;

/** The brand's email and closing-screen copy, one language at a time (picked with a select). */
export function CopyEditor({ copy, onChange, errorField, message }: { copy: CopyDraft; onChange: (copy: CopyDraft) => void; errorField: string | null; message: string | null }) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<string>('en');
  const id = useId();
  const shown = errorField?.startsWith('copy.') ? errorField.split('.')[1] : language;
  const current = copy[shown] ?? {};
  const set = (field: Field, text: string) => onChange({ ...copy, [shown]: { ...current, [field]: text } });
  return (
    <fieldset className="copy-editor">
      <legend className="field__label">{t('brands.copy')}</legend>
      <p className="field__hint">{t('brands.copyHint')}</p>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-lang`}>{t('brands.copyLanguage')}</label>
        <select id={`${id}-lang`} className="input copy-editor__language" value={shown} onChange={(e) => setLanguage(e.target.value)}>
          {COPY_LANGUAGES.map((code) => (
            <option key={code} value={code}>{t(`brands.languages.${code}`)}{copy[code] && Object.values(copy[code]).some(Boolean) ? ` ✓` : ''}</option>
          ))}
        </select>
      </div>
      {FIELDS.map(([field, max]) => {
        const name = `copy.${shown}.${field}`;
        const error = errorField === name || (errorField === `copy.${shown}` && field === 'subject') ? message : null;
        const label = t(`brands.copyFields.${field}`);
        if (max <= 150) {
          return <TextField key={field} label={label} value={current[field] ?? ''} maxLength={max} onChange={(e) => set(field, e.target.value)} error={error} name={name} />;
        }
        return (
          <div className="field" key={field}>
            <label className="field__label" htmlFor={`${id}-${field}`}>{label}</label>
            <textarea id={`${id}-${field}`} className="input copy-editor__text" rows={3} maxLength={max} value={current[field] ?? ''} name={name}
              aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-${field}-error` : undefined} onChange={(e) => set(field, e.target.value)} />
            {error && <p className="field__error" id={`${id}-${field}-error`} role="alert">{error}</p>}
          </div>
        );
      })}
    </fieldset>
  );
}
