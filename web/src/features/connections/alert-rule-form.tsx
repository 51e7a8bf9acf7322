import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import type { AlertRule } from '../../lib/api-types.ts';
import { Alert, Button, Card, Switch, TextField } from '../../ui/index.ts';
import { useCreateAlertRule, useUpdateAlertRule } from './alerts.queries.ts';

const RATINGS = [1, 2, 3, 4, 5] as const;

/** The form field a server message names ("url: must be…" → url, "min_rating 4 is above…" → min_rating). */
function fieldOf(message: string): string | null {
  return /^(name|target|url|min_rating|max_rating|team_leader_email)\b/.exec(message)?.[1] ?? null;
}

interface Draft { name: string; target: 'slack' | 'teams'; url: string; min_rating: number; max_rating: number; comment_required: boolean; team_leader_email: string }
const EMPTY: Draft = { name: '', target: 'slack', url: '', min_rating: 5, max_rating: 5, comment_required: false, team_leader_email: '' };

/** The rule's fields as the form edits them; the URL starts empty (it is sealed: empty keeps it). */
function draftOf(rule: AlertRule): Draft {
  const { name, target, min_rating, max_rating, comment_required } = rule;
  return { name, target, url: '', min_rating, max_rating, comment_required, team_leader_email: rule.team_leader?.email ?? '' };
}

/**
 * The form of an alert rule: a new one (it stays open and empties after each), or, given `rule`,
 * that rule's fields to change (Save or Cancel/Escape call `onClose`, which returns focus).
 */
export function AlertRuleForm({ rule, onClose }: { rule?: AlertRule; onClose?: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const nameField = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState<Draft>(rule ? draftOf(rule) : EMPTY);
  const [added, setAdded] = useState<string | null>(null);
  const create = useCreateAlertRule();
  const update = useUpdateAlertRule(rule?.id ?? 0);
  const saving = rule ? update : create;
  const message = saving.error ? errorMessage(saving.error, t('app.networkError')) : null;
  const errorField = message ? fieldOf(message) : null;
  const errorFor = (field: string) => (errorField === field ? message : null);
  const change = (patch: Partial<Draft>) => { setAdded(null); setDraft((previous) => ({ ...previous, ...patch })); };

  // Opened on a rule (by its Edit button): focus moves into the form.
  useEffect(() => { if (rule) nameField.current?.focus(); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setAdded(null);
    const fields = { name: draft.name, target: draft.target, min_rating: draft.min_rating, max_rating: draft.max_rating, comment_required: draft.comment_required, team_leader_email: draft.team_leader_email.trim() || null };
    if (rule) {
      update.mutate({ ...fields, ...(draft.url.trim() ? { url: draft.url } : {}) }, { onSuccess: () => onClose?.(true) });
    } else {
      create.mutate({ ...fields, url: draft.url }, { onSuccess: (saved) => { setDraft(EMPTY); setAdded(saved.name); } });
    }
  };

  const ratingSelect = (field: 'min_rating' | 'max_rating', label: string) => (
    <div className="field">
      <label className="field__label" htmlFor={`${id}-${field}`}>{label}</label>
      <select id={`${id}-${field}`} className="input" value={draft[field]} onChange={(e) => change({ [field]: Number(e.target.value) })}
        aria-invalid={errorFor(field) ? true : undefined}>
        {RATINGS.map((rating) => <option key={rating} value={rating}>{t('alerts.stars', { count: rating })}</option>)}
      </select>
      {errorFor(field) && <p className="field__error" role="alert">{errorFor(field)}</p>}
    </div>
  );
  const urlHint = rule ? t('alerts.urlKeepHint', { host: rule.url_host }) : t(draft.target === 'slack' ? 'alerts.urlHintSlack' : 'alerts.urlHintTeams');

  return (
    <Card as="section" aria-labelledby={`${id}-title`} className="alert-rules__add">
      <div className="alert-rules__add-head">
        <h3 id={`${id}-title`}>{rule ? t('alerts.editTitle', { name: rule.name }) : t('alerts.addTitle')}</h3>
        {!rule && <p className="field__hint">{t('alerts.examples')}</p>}
      </div>
      <form onSubmit={submit} noValidate onKeyDown={(event) => { if (rule && event.key === 'Escape') { event.preventDefault(); onClose?.(false); } }}>
        <TextField ref={nameField} label={t('alerts.name')} placeholder={t('alerts.namePlaceholder')} value={draft.name} maxLength={100} required
          onChange={(e) => change({ name: e.target.value })} error={errorFor('name')} name="name" />
        <div className="field">
          <label className="field__label" htmlFor={`${id}-target`}>{t('alerts.target')}</label>
          <select id={`${id}-target`} className="input" value={draft.target} onChange={(e) => change({ target: e.target.value as Draft['target'] })}>
            <option value="slack">{t('alerts.targets.slack')}</option>
            <option value="teams">{t('alerts.targets.teams')}</option>
          </select>
        </div>
        <TextField label={t('alerts.url')} hint={urlHint} type="url" value={draft.url} maxLength={2000}
          spellCheck={false} autoComplete="off" required={!rule} onChange={(e) => change({ url: e.target.value })} error={errorFor('url')} name="url" />
        <div className="alert-rules__ratings">
          {ratingSelect('min_rating', t('alerts.minRating'))}
          {ratingSelect('max_rating', t('alerts.maxRating'))}
        </div>
        <Switch label={t('alerts.commentRequired')} checked={draft.comment_required} onChange={(checked) => change({ comment_required: checked })} />
        <TextField label={t('alerts.teamLeader')} hint={t('alerts.teamLeaderHint')} type="email" value={draft.team_leader_email} maxLength={320}
          onChange={(e) => change({ team_leader_email: e.target.value })} error={errorFor('team_leader_email')} name="team_leader_email" />
        {message && !errorField && <Alert tone="error">{message}</Alert>}
        {added && <Alert tone="success">{t('alerts.added', { name: added })}</Alert>}
        <div className="alert-rules__form-actions">
          {rule && <Button onClick={() => onClose?.(false)}>{t('alerts.cancel')}</Button>}
          <Button type="submit" variant="primary" loading={saving.isPending}>{rule ? t('alerts.save') : t('alerts.add')}</Button>
        </div>
      </form>
    </Card>
  );
}
