import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client.ts';
import type { AlertRule } from '../../lib/api-types.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Alert, Badge, Button, Card, EmptyState, SpinnerBlock, Switch, TextField } from '../../ui/index.ts';
import { managesBrands as managesSettings } from '../brands/manages-brands.ts';
import { alertRulesQuery, useCreateAlertRule, useRemoveAlertRule, useTestAlertRule } from './alerts.queries.ts';
import './alert-rules.css';

const appRoute = getRouteApi('/app');
const RATINGS = [1, 2, 3, 4, 5] as const;

/** A server message as shown: its text, or "network error" when there was no answer. */
function messageOf(error: unknown, networkError: string): string {
  return error instanceof ApiError && error.status ? error.message : networkError;
}

/** The form field a server message names ("url: must be…" → url, "min_rating 4 is above…" → min_rating). */
function fieldOf(message: string): string | null {
  return /^(name|target|url|min_rating|max_rating|team_leader_email)\b/.exec(message)?.[1] ?? null;
}

/**
 * The Connections page's "Alerts" section (admins): Slack and Microsoft Teams rules that post
 * finished responses in a rating range to a channel, each with its last delivery; add, remove,
 * send a test. Self-contained: its own section and heading.
 */
export function AlertRulesSection() {
  const { t } = useTranslation();
  const headingId = useId();
  const { session } = appRoute.useRouteContext();
  const allowed = managesSettings(session.employee);
  const rules = useQuery({ ...alertRulesQuery, enabled: allowed });

  return (
    <section className="alert-rules" aria-labelledby={headingId}>
      <div className="alert-rules__header">
        <h2 id={headingId}>{t('alerts.title')}</h2>
        <p className="alert-rules__sub">{t('alerts.subtitle')}</p>
      </div>
      {!allowed ? <Alert tone="info">{t('alerts.adminsOnly')}</Alert>
        : rules.isPending ? <SpinnerBlock label={t('alerts.loading')} />
        : rules.isError ? (
          <Alert tone="error">
            {messageOf(rules.error, t('app.networkError'))}
            <Button size="sm" onClick={() => void rules.refetch()}>{t('app.retry')}</Button>
          </Alert>
        ) : (
          <>
            {rules.data.rules.length === 0
              ? <EmptyState title={t('alerts.emptyTitle')} headingLevel={3}>{t('alerts.emptyBody')}</EmptyState>
              : <ul className="alert-rules__list" role="list">{rules.data.rules.map((rule) => <RuleItem key={rule.id} rule={rule} />)}</ul>}
            <AddRuleForm />
          </>
        )}
    </section>
  );
}

function RuleItem({ rule }: { rule: AlertRule }) {
  const { t, i18n } = useTranslation();
  const test = useTestAlertRule(rule.id);
  const remove = useRemoveAlertRule(rule.id);
  const [confirming, setConfirming] = useState(false);
  const range = rule.min_rating === rule.max_rating ? t('alerts.rangeOne', { rating: rule.min_rating }) : t('alerts.range', { min: rule.min_rating, max: rule.max_rating });
  const conditions = [range, rule.comment_required ? t('alerts.withComment') : null, rule.team_leader ? t('alerts.teamOf', { name: rule.team_leader.name }) : null].filter(Boolean).join(' · ');
  const failure = test.error ?? remove.error;

  return (
    <li>
      <Card className="alert-rule">
        <div className="alert-rule__main">
          <h3 className="alert-rule__name">{rule.name}</h3>
          <p className="alert-rule__target">
            <Badge tone="accent">{t(`alerts.targets.${rule.target}`)}</Badge> <span className="mono">{rule.url_host}</span>
          </p>
          <p className="alert-rule__conditions">{conditions}</p>
          <p className="alert-rule__status">
            {rule.last_status === null ? <Badge>{t('alerts.neverSent')}</Badge>
              : rule.last_status === 'sent' ? <Badge tone="positive">{t('alerts.sent')}</Badge>
              : <Badge tone="negative">{t('alerts.failed')}</Badge>}
            {rule.last_sent_at && <span className="alert-rule__when"> {formatDateTime(rule.last_sent_at, i18n.language)}</span>}
            {rule.last_status === 'failed' && rule.last_error && <span className="alert-rule__error"> — {rule.last_error}</span>}
          </p>
        </div>
        <div className="alert-rule__actions">
          <Button size="sm" loading={test.isPending} onClick={() => test.mutate()}>{t('alerts.sendTest')}</Button>
          {confirming ? (
            <>
              <Button size="sm" variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>{t('alerts.confirmRemove', { name: rule.name })}</Button>
              <Button size="sm" onClick={() => setConfirming(false)}>{t('alerts.cancel')}</Button>
            </>
          ) : <Button size="sm" onClick={() => setConfirming(true)}>{t('alerts.remove')}</Button>}
        </div>
        {failure && <Alert tone="error">{messageOf(failure, t('app.networkError'))}</Alert>}
      </Card>
    </li>
  );
}

interface Draft { name: string; target: 'slack' | 'teams'; url: string; min_rating: number; max_rating: number; comment_required: boolean; team_leader_email: string }
const EMPTY: Draft = { name: '', target: 'slack', url: '', min_rating: 5, max_rating: 5, comment_required: false, team_leader_email: '' };

function AddRuleForm() {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [added, setAdded] = useState<string | null>(null);
  const create = useCreateAlertRule();
  const message = create.error ? messageOf(create.error, t('app.networkError')) : null;
  const errorField = message ? fieldOf(message) : null;
  const errorFor = (field: string) => (errorField === field ? message : null);
  const change = (patch: Partial<Draft>) => { setAdded(null); setDraft((previous) => ({ ...previous, ...patch })); };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setAdded(null);
    create.mutate(
      { name: draft.name, target: draft.target, url: draft.url, min_rating: draft.min_rating, max_rating: draft.max_rating, comment_required: draft.comment_required, team_leader_email: draft.team_leader_email.trim() || null },
      { onSuccess: (saved) => { setDraft(EMPTY); setAdded(saved.name); } },
    );
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

  return (
    <Card as="section" aria-labelledby={`${id}-title`} className="alert-rules__add">
      <div className="alert-rules__add-head">
        <h3 id={`${id}-title`}>{t('alerts.addTitle')}</h3>
        <p className="field__hint">{t('alerts.examples')}</p>
      </div>
      <form onSubmit={submit} noValidate>
        <TextField label={t('alerts.name')} placeholder={t('alerts.namePlaceholder')} value={draft.name} maxLength={100} required
          onChange={(e) => change({ name: e.target.value })} error={errorFor('name')} name="name" />
        <div className="field">
          <label className="field__label" htmlFor={`${id}-target`}>{t('alerts.target')}</label>
          <select id={`${id}-target`} className="input" value={draft.target} onChange={(e) => change({ target: e.target.value as Draft['target'] })}>
            <option value="slack">{t('alerts.targets.slack')}</option>
            <option value="teams">{t('alerts.targets.teams')}</option>
          </select>
        </div>
        <TextField label={t('alerts.url')} hint={t(draft.target === 'slack' ? 'alerts.urlHintSlack' : 'alerts.urlHintTeams')} type="url" value={draft.url} maxLength={2000}
          spellCheck={false} autoComplete="off" required onChange={(e) => change({ url: e.target.value })} error={errorFor('url')} name="url" />
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
          <Button type="submit" variant="primary" loading={create.isPending}>{t('alerts.add')}</Button>
        </div>
      </form>
    </Card>
  );
}
