import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { CoachingRepository } from '../coaching/coaching.repository.ts';
import { CoachingService } from '../coaching/coaching.service.ts';
import { MetricsRepository } from '../metrics/metrics.repository.ts';
import { ExternalMetricsService } from '../metrics/metrics.service.ts';
import { AuditsService } from './audits.service.ts';
import { CalibrationsService } from './calibrations.service.ts';
import { QaRepository } from './qa.repository.ts';
import { ReviewsService } from './reviews.service.ts';
import { ScorecardsRepository } from './scorecards.repository.ts';
import { ScorecardsService } from './scorecards.service.ts';

/** The QA, coaching and metrics services, merged into `Services` by createServices. */
export function createQaServices(db: Kysely<Database>) {
  const qa = new QaRepository(db);
  const scorecardRepository = new ScorecardsRepository(db);
  const qaScorecards = new ScorecardsService(scorecardRepository, qa);
  const qaReviews = new ReviewsService(qa, scorecardRepository, qaScorecards);
  const metrics = new ExternalMetricsService(db, new MetricsRepository(db));
  return {
    qaScorecards,
    qaReviews,
    qaAudits: new AuditsService(qa, scorecardRepository, qaScorecards, qaReviews),
    qaCalibrations: new CalibrationsService(qa, scorecardRepository, qaScorecards),
    externalMetrics: metrics,
    coaching: new CoachingService(new CoachingRepository(db), qa, metrics),
  };
}
