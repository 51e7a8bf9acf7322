import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/api-client.ts';
import type { AlertRule } from '../../lib/api-types.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Alert, Badge, Button, Card, EmptyState, SpinnerBlock, Switch } from '../../ui/index.ts';
import { managesBrands as managesSettings } from '../brands/manages-brands.ts';
import { AlertRuleForm } from './alert-rule-form.tsx';
import { alertRulesQuery, useRemoveAlertRule, useTestAlertRule, useUpdateAlertRule } from './alerts.queries.ts';
import './alert-rules.css';

const appRoute = getRouteApi('/app');

/**
 * The Connections page's "Alerts" section (admins): Slack and Microsoft Teams rules that post
 * finished responses in a rating range to a channel, each with its last delivery; add, edit,
 * pause or resume, remove, send a test. Self-contained: its own section and heading.
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
            {errorMessage(rules.error, t('app.networkError'))}
            <Button size="sm" onClick={() => void rules.refetch()}>{t('app.retry')}</Button>
          </Alert>
        ) : (
          <>
            {rules.data.rules.length === 0
              ? <EmptyState title={t('alerts.emptyTitle')} headingLevel={3}>{t('alerts.emptyBody')}</EmptyState>
              : <ul className="alert-rules__list" role="list">{rules.data.rules.map((rule) => <RuleItem key={rule.id} rule={rule} />)}</ul>}
            <AlertRuleForm />
          </>
        )}
    </section>
  );
}

function RuleItem({ rule }: { rule: AlertRule }) {
  const { t, i18n } = useTranslation();
  const test = useTestAlertRule(rule.id);
  const remove = useRemoveAlertRule(rule.id);
  const toggle = useUpdateAlertRule(rule.id);
  const [confirming, setConfirming] = useState(false);
  const [editing, setEditing] = useState(false);
  const [closed, setClosed] = useState<'saved' | 'cancelled' | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (closed) editButton.current?.focus(); }, [closed]);

  if (editing) {
    return <li><AlertRuleForm rule={rule} onClose={(saved) => { setEditing(false); setClosed(saved ? 'saved' : 'cancelled'); }} /></li>;
  }

  // While a pause or resume is on its way the switch shows what was asked.
  const enabled = toggle.isPending && toggle.variables.enabled !== undefined ? toggle.variables.enabled : rule.enabled;
  const range = rule.min_rating === rule.max_rating ? t('alerts.rangeOne', { rating: rule.min_rating }) : t('alerts.range', { min: rule.min_rating, max: rule.max_rating });
  const conditions = [range, rule.comment_required ? t('alerts.withComment') : null, rule.team_leader ? t('alerts.teamOf', { name: rule.team_leader.name }) : null].filter(Boolean).join(' · ');
  const failure = test.error ?? remove.error ?? toggle.error;

  return (
    <li>
      <Card className="alert-rule">
        <div className="alert-rule__main">
          <div className="alert-rule__title">
            <h3 className="alert-rule__name">{rule.name}</h3>
            {!rule.enabled && <Badge tone="warning">{t('alerts.paused')}</Badge>}
          </div>
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
          <Switch label={<><span className="sr-only">{rule.name} </span>{t('alerts.on')}</>} checked={enabled} onChange={(checked) => toggle.mutate({ enabled: checked })} />
          <Button ref={editButton} size="sm" onClick={() => { setClosed(null); setEditing(true); }}>
            {t('alerts.edit')}<span className="sr-only"> {rule.name}</span>
          </Button>
          <Button size="sm" loading={test.isPending} onClick={() => test.mutate()}>{t('alerts.sendTest')}</Button>
          {confirming ? (
            <>
              <Button size="sm" variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>{t('alerts.confirmRemove', { name: rule.name })}</Button>
              <Button size="sm" onClick={() => setConfirming(false)}>{t('alerts.cancel')}</Button>
            </>
          ) : <Button size="sm" onClick={() => setConfirming(true)}>{t('alerts.remove')}</Button>}
        </div>
        {closed === 'saved' && <Alert tone="success">{t('alerts.saved', { name: rule.name })}</Alert>}
        {failure && <Alert tone="error">{errorMessage(failure, t('app.networkError'))}</Alert>}
      </Card>
    </li>
  );
}
