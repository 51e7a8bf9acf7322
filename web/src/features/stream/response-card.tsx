import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatRelative, useLocale, useNow } from '../../lib/format.ts';
import type { StreamCard } from '../../lib/api-types.ts';
import { Badge, Card, Icon, Stars } from '../../ui/index.ts';

const TITLE_ID = (id: string) => `response-${id}`;

function Rating({ value, size }: { value: number | null; size?: number }) {
  const { t } = useTranslation();
  return value === null ? <span className="muted">{t('card.noStars')}</span> : <Stars value={value} size={size} label={t('card.stars', { count: value })} />;
}

function RecoveryLinks({ card }: { card: StreamCard }) {
  const { t } = useTranslation();
  const rating = (value: number | null) => (value === null ? '' : t('card.stars', { count: value }));
  return (
    <>
      {card.is_recovery && <Badge tone="accent"><Icon.Refresh size={12} />{t('card.recovery')}</Badge>}
      {card.first_survey && (
        <Link to="/feedback/$requestId" params={{ requestId: card.first_survey.request_id }} className="rcard__chip-link">
          <Badge tone={card.first_survey.star_rating !== null && card.first_survey.star_rating <= 3 ? 'negative' : 'neutral'}>
            {card.first_survey.star_rating === null ? t('card.firstSurveyNoRating') : t('card.firstSurvey', { rating: rating(card.first_survey.star_rating) })}
          </Badge>
        </Link>
      )}
      {card.recovery && (
        <Link to="/feedback/$requestId" params={{ requestId: card.recovery.request_id }} className="rcard__chip-link">
          <Badge tone={card.recovery.star_rating === null ? 'warning' : 'positive'}>
            <Icon.Refresh size={12} />
            {card.recovery.star_rating === null ? t('card.recoveryPending') : t('card.recovered', { rating: rating(card.recovery.star_rating) })}
          </Badge>
        </Link>
      )}
    </>
  );
}

/**
 * One customer's response. In the Stream ("stream") its title links to its own page; on that page
 * ("full") the title is the page's h1 and everything is shown.
 */
export function ResponseCard({ card, variant = 'stream', fresh = false }: { card: StreamCard; variant?: 'stream' | 'full'; fresh?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const now = useNow();
  const customer = card.customer.name || card.customer.email || t('card.anonymous');
  const Title = variant === 'full' ? 'h1' : 'h3';
  const properties = Object.entries(card.custom_properties);
  return (
    <Card as="article" padded={false} className={['rcard', fresh && 'rcard--fresh', variant === 'full' && 'rcard--full'].filter(Boolean).join(' ')} aria-labelledby={TITLE_ID(card.request_id)}>
      <header className="rcard__head">
        <Rating value={card.star_rating} size={variant === 'full' ? 20 : 16} />
        <div className="rcard__who">
          <Title className="rcard__title" id={TITLE_ID(card.request_id)}>
            {variant === 'stream' ? (
              <Link to="/feedback/$requestId" params={{ requestId: card.request_id }} className="rcard__title-link">{customer}</Link>
            ) : customer}
          </Title>
          <span className="rcard__agent">{t('card.helpedBy', { agent: card.agent.name })}</span>
        </div>
        <time className="rcard__time" dateTime={card.responded_at} title={formatDateTime(card.responded_at, locale)}>
          <span>{formatRelative(card.responded_at, locale, now)}</span>
          <span className="rcard__abs">{formatDateTime(card.responded_at, locale)}</span>
        </time>
      </header>

      <div className="rcard__badges">
        {fresh && <Badge tone="accent">{t('card.new')}</Badge>}
        <Badge><span className="sr-only">{t('card.via')}: </span>{card.channel}</Badge>
        <Badge><span className="sr-only">{t('card.brand')}: </span>{card.brand.name}</Badge>
        {card.nps !== null && <Badge tone={card.nps >= 9 ? 'positive' : card.nps <= 6 ? 'negative' : 'warning'}>{t('card.nps', { score: card.nps })}</Badge>}
        {card.resolved !== null && <Badge tone={card.resolved ? 'positive' : 'negative'}>{card.resolved ? t('card.resolvedYes') : t('card.resolvedNo')}</Badge>}
        {card.reward && <Badge tone="warning"><Icon.Gift size={12} />{t('card.reward', { reward: card.reward })}</Badge>}
        <RecoveryLinks card={card} />
      </div>

      {(card.areas_of_excellence.length > 0 || card.areas_of_improvement.length > 0) && (
        <dl className="rcard__areas">
          {card.areas_of_excellence.length > 0 && (
            <div><dt className="rcard__area-label rcard__area-label--good">{t('card.excellence')}</dt>
              {card.areas_of_excellence.map((area) => <dd key={area} className="rcard__area rcard__area--good">{area}</dd>)}</div>
          )}
          {card.areas_of_improvement.length > 0 && (
            <div><dt className="rcard__area-label rcard__area-label--bad">{t('card.improvement')}</dt>
              {card.areas_of_improvement.map((area) => <dd key={area} className="rcard__area rcard__area--bad">{area}</dd>)}</div>
          )}
        </dl>
      )}

      {card.comments.map((comment, index) => (
        <blockquote key={index} className="rcard__comment" aria-label={t('card.comment')}>
          <Icon.MessageSquare size={14} />
          <p>{comment.text}</p>
        </blockquote>
      ))}

      {(card.tags.length > 0 || properties.length > 0 || variant === 'full') && (
        <dl className="rcard__details">
          {variant === 'full' && card.customer.email && <div><dt>{t('card.customerEmail')}</dt><dd>{card.customer.email}</dd></div>}
          {variant === 'full' && <div><dt>{t('card.agent')}</dt><dd>{card.agent.name} ({card.agent.email})</dd></div>}
          {variant === 'full' && <div><dt>{t('card.requested')}</dt><dd><time dateTime={card.created_at}>{formatDateTime(card.created_at, locale)}</time></dd></div>}
          {variant === 'full' && <div><dt>{t('card.requestId')}</dt><dd className="mono">{card.request_id}</dd></div>}
          {card.tags.length > 0 && <div><dt>{t('card.tags')}</dt><dd className="rcard__tags">{card.tags.map((tag) => <span key={tag} className="rcard__tag">#{tag}</span>)}</dd></div>}
          {properties.map(([name, value]) => <div key={name}><dt>{name}</dt><dd>{value}</dd></div>)}
        </dl>
      )}

      {(card.external_url || variant === 'stream') && (
        <footer className="rcard__foot">
          {card.external_url && (
            <a href={card.external_url} target="_blank" rel="noopener noreferrer" className="rcard__action">
              <Icon.ExternalLink size={14} />{t('card.ticket')}<span className="sr-only"> {t('card.ticketLabel')}</span>
            </a>
          )}
          {variant === 'stream' && (
            <Link to="/feedback/$requestId" params={{ requestId: card.request_id }} className="rcard__action">
              <Icon.Link size={14} />{t('card.permalink')}<span className="sr-only">: {customer}</span>
            </Link>
          )}
        </footer>
      )}
    </Card>
  );
}

export function ResponseCardSkeleton() {
  return (
    <div className="card rcard rcard--skeleton" aria-hidden="true">
      <div className="rcard__head">
        <span className="skeleton" style={{ width: '5.5rem', height: '1rem' }} />
        <span className="skeleton" style={{ width: '40%', height: '1rem' }} />
      </div>
      <span className="skeleton" style={{ width: '60%', height: '0.875rem' }} />
      <span className="skeleton" style={{ width: '90%', height: '2.5rem' }} />
    </div>
  );
}
