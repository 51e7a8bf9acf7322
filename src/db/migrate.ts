import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './database.ts';
import * as core from './migrations/001-core.ts';
import * as idempotency from './migrations/002-idempotency.ts';
import * as webhooks from './migrations/003-webhooks.ts';
import * as provisioning from './migrations/030-provisioning.ts';
import * as qaCoaching from './migrations/040-qa-coaching.ts';
import * as survey from './migrations/020-survey.ts';
import * as suppressionIndex from './migrations/050-suppression-index.ts';
import * as dropBrandCustomerIndex from './migrations/060-drop-brand-customer-index.ts';
import * as suppressionSeekIndex from './migrations/070-suppression-seek-index.ts';
import * as webhookTestEndpoints from './migrations/080-webhook-test-endpoints.ts';
import * as outboxFairClaim from './migrations/090-outbox-fair-claim.ts';
import * as sessions from './migrations/100-sessions.ts';
import * as passwordResets from './migrations/110-password-resets.ts';
import * as streamAnswers from './migrations/120-stream-answers.ts';
import * as employeeTeamLeaders from './migrations/130-employee-team-leaders.ts';
import * as reports from './migrations/140-reports.ts';
import * as brandKit from './migrations/150-brand-kit.ts';
import * as brandDisplayNames from './migrations/151-brand-display-names.ts';
import * as emailSuppression from './migrations/155-email-suppression.ts';
import * as surveyClickAgent from './migrations/160-survey-click-agent.ts';
import * as connections from './migrations/170-connections.ts';

/** Migrations in order. Each module exports `up` (and `down` where it can be undone). */
export const migrations: Record<string, Migration> = {
  '001-core': core,
  '002-idempotency': idempotency,
  '003-webhooks': webhooks,
  '030-provisioning': provisioning,
  '040-qa-coaching': qaCoaching,
  '020-survey': survey,
  '050-suppression-index': suppressionIndex,
  '060-drop-brand-customer-index': dropBrandCustomerIndex,
  '070-suppression-seek-index': suppressionSeekIndex,
  '080-webhook-test-endpoints': webhookTestEndpoints,
  '090-outbox-fair-claim': outboxFairClaim,
  '100-sessions': sessions,
  '110-password-resets': passwordResets,
  '120-stream-answers': streamAnswers,
  '130-employee-team-leaders': employeeTeamLeaders,
  '140-reports': reports,
  '150-brand-kit': brandKit,
  '151-brand-display-names': brandDisplayNames,
  '155-email-suppression': emailSuppression,
  '160-survey-click-agent': surveyClickAgent,
  '170-connections': connections,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; safe to run from several processes at once. */
export async function migrateToLatest(db: Db): Promise<void> {
  // On PostgreSQL, keep the migration bookkeeping in the schema the connection writes to
  // (search_path), not in whichever schema happens to have a table of that name.
  const migrationTableSchema =
    db.dialect === 'postgres'
      ? (await sql<{ schema: string }>`SELECT current_schema() AS schema`.execute(db.kysely)).rows[0].schema
      : undefined;
  const migrator = new Migrator({ db: db.kysely, provider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
