import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api-client.ts';
import { useDocumentTitle } from '../../lib/use-document-title.ts';
import { Alert, buttonClass, EmptyState, Icon, SpinnerBlock } from '../../ui/index.ts';
import { ResponseCard } from './response-card.tsx';
import { feedbackQuery } from './stream.queries.ts';
import './stream.css';

const feedbackRoute = getRouteApi('/app/feedback/$requestId');

/** `/feedback/<request_id>`: one response, shareable; 404 when it does not exist or is outside your scope. */
export function FeedbackPage() {
  const { t } = useTranslation();
  const { requestId } = feedbackRoute.useParams();
  const feedback = useQuery(feedbackQuery(requestId));
  useDocumentTitle(feedback.data ? t('card.open', { customer: feedback.data.customer.name || feedback.data.customer.email || t('card.anonymous') }) : t('feedback.title'));
  const notFound = feedback.error instanceof ApiError && (feedback.error.status === 404 || feedback.error.status === 403);
  return (
    <div className="stream feedback">
      <Link to="/" className="back-link"><Icon.ChevronLeft size={14} />{t('feedback.back')}</Link>
      {feedback.isPending ? <SpinnerBlock label={t('app.loading')} />
        : notFound ? (
          <div className="card">
            <EmptyState headingLevel={1} title={t('feedback.notFoundTitle')} icon={<Icon.Search size={22} />}
              action={<Link to="/" className={buttonClass('primary')}>{t('feedback.back')}</Link>}>
              {t('feedback.notFoundBody')}
            </EmptyState>
          </div>
        )
        : feedback.isError ? (
          <>
            <h1>{t('feedback.title')}</h1>
            <Alert tone="error">{feedback.error instanceof ApiError && feedback.error.status !== 0 ? feedback.error.message : t('app.networkError')}</Alert>
          </>
        )
        : <ResponseCard card={feedback.data} variant="full" />}
    </div>
  );
}
