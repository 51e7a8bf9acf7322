import { Registry } from 'prom-client';
import type { Config } from './config.ts';
import type { Db } from './db/database.ts';
import { CompaniesRepository } from './modules/companies/companies.repository.ts';
import { CompaniesService } from './modules/companies/companies.service.ts';
import { CredentialCache } from './modules/companies/credential-cache.ts';
import { BrandsRepository } from './modules/brands/brands.repository.ts';
import { BrandsService } from './modules/brands/brands.service.ts';
import type { MediaService } from './modules/media/media.types.ts';
import { DataReturnRepository } from './modules/data-return/repository.ts';
import { DataReturnService } from './modules/data-return/service.ts';
import { EmployeeLookup } from './modules/employees/employee-lookup.ts';
import { EmployeesRepository } from './modules/employees/employees.repository.ts';
import { EmployeesService } from './modules/employees/employees.service.ts';
import { EmployeeValidator } from './modules/employees/employee-validation.ts';
import { InviteService } from './modules/employees/invite.service.ts';
import { PeopleLookup } from './modules/employees/people-lookup.ts';
import { InvitesRepository } from './modules/employees/invites.repository.ts';
import { ProvisioningRepository } from './modules/employees/provisioning.repository.ts';
import { EMPLOYEE_INVITE_KIND, ProvisioningService } from './modules/employees/provisioning.service.ts';
import { RolesRepository } from './modules/employees/roles.repository.ts';
import { RolesService } from './modules/employees/roles.service.ts';
import { createInteractionWriter } from './modules/requests/interaction-writer.ts';
import { InteractionsRepository } from './modules/interactions/interactions.repository.ts';
import { IdempotencyRepository } from './modules/requests/idempotency.ts';
import { RequestsService } from './modules/requests/requests.service.ts';
import { createMailer, type Mailer } from './mail/mailer.ts';
import { OutboxHandlers } from './outbox/outbox-handlers.ts';
import { OutboxRepository } from './outbox/outbox.repository.ts';
import { readOutboxStats } from './outbox/outbox-stats.ts';
import { EmailEventReceivers } from './modules/email-events/email-event-receivers.ts';
import { EmailEventsRepository } from './modules/email-events/email-events.repository.ts';
import { EmailEventsService } from './modules/email-events/email-events.service.ts';
import { SurveyEmailHandler } from './modules/survey/survey-email.handler.ts';
import { SurveyRepository } from './modules/survey/survey.repository.ts';
import { SurveyService } from './modules/survey/survey.service.ts';
import { WebhooksRepository } from './modules/webhooks/webhooks.repository.ts';
import { WebhooksService } from './modules/webhooks/webhooks.service.ts';
import { WebhookHandler } from './modules/webhooks/webhook.handler.ts';
import { SurveyFinishedHandler } from './modules/webhooks/survey-finished.handler.ts';
import { AlertRulesRepository } from './modules/alerts/alert-rules.repository.ts';
import { AlertsService } from './modules/alerts/alerts.service.ts';
import { ChatAlertHandler } from './modules/alerts/chat-alert.handler.ts';
import { AccountLinkEmailHandler } from './modules/employees/account-link-email.handler.ts';
import { PASSWORD_RESET_KIND, PasswordResetService } from './modules/employees/password-reset.service.ts';
import { PasswordResetsRepository } from './modules/employees/password-resets.repository.ts';
import { Telemetry } from './lib/telemetry.ts';
import { CoachingRepository } from './modules/coaching/coaching.repository.ts';
import { CoachingService } from './modules/coaching/coaching.service.ts';
import { MetricsRepository } from './modules/metrics/metrics.repository.ts';
import { ExternalMetricsService } from './modules/metrics/metrics.service.ts';
import { AuditsService } from './modules/qa/audits.service.ts';
import { CalibrationsService } from './modules/qa/calibrations.service.ts';
import { QaRepository } from './modules/qa/qa.repository.ts';
import { ReviewsService } from './modules/qa/reviews.service.ts';
import { ScorecardsRepository } from './modules/qa/scorecards.repository.ts';
import { ScorecardsService } from './modules/qa/scorecards.service.ts';
import { LoginFailuresRepository } from './modules/sessions/login-failures.repository.ts';
import { LoginThrottle } from './modules/sessions/login-throttle.ts';
import { SessionsRepository } from './modules/sessions/sessions.repository.ts';
import { SessionsService } from './modules/sessions/sessions.service.ts';
import { StreamRepository } from './modules/stream/stream.repository.ts';
import { StreamService } from './modules/stream/stream.service.ts';
import { DigestRepository } from './modules/digest/digest.repository.ts';
import { DigestScheduler } from './modules/digest/digest-scheduler.ts';
import { DigestService } from './modules/digest/digest.service.ts';
import { WeeklyDigestHandler } from './modules/digest/weekly-digest.handler.ts';
import { ReportsRepository } from './modules/reports/reports.repository.ts';
import { ReportsService } from './modules/reports/reports.service.ts';
import { FunnelRepository } from './modules/reports/funnel.repository.ts';
import { FunnelService } from './modules/reports/funnel.service.ts';
import { createBlobStore } from './modules/media/create-blob-store.ts';
import { MediaRepository } from './modules/media/media.repository.ts';
import { createMediaService } from './modules/media/media.service.ts';
import { EmployeeProfileRepository } from './modules/employees/employee-profile.repository.ts';
import { EmployeeProfileService } from './modules/employees/employee-profile.service.ts';
import { ConnectionsRepository } from './modules/connections/connections.repository.ts';
import { ConnectionsService } from './modules/connections/connections.service.ts';
import { ConnectionEventHandler } from './modules/connections/connection-event.handler.ts';
import { loadSecretBox } from './lib/secret-box.ts';

/** Repositories and services, built once per process; no DI framework, just construction. */
export function createServices(config: Config, db: Db) {
  const companiesRepository = new CompaniesRepository(db.kysely);
  const credentials = new CredentialCache(companiesRepository);
  const employeesRepository = new EmployeesRepository(db.kysely);
  const employeeLookup = new EmployeeLookup(employeesRepository);
  const metrics = new Registry();
  const telemetry = new Telemetry(metrics, db);
  const interactionWriter = createInteractionWriter(db, config.databaseUrl, telemetry.ingest);
  const onEmployeeChange = () => {
    employeeLookup.clear();
    interactionWriter.forgetEmployees();
  };
  credentials.onClear(onEmployeeChange);
  const interactionsRepository = new InteractionsRepository(db.kysely);
  const idempotency = new IdempotencyRepository(db.kysely);
  const webhooksRepository = new WebhooksRepository(db.kysely);
  const webhookPolicy = { allowPrivateNetworks: config.webhookAllowPrivateNetworks, timeoutMs: config.webhookTimeoutMs };
  let purgeTimer: NodeJS.Timeout | null = null;
  let closed = false;
  const provisioningRepository = new ProvisioningRepository(db.kysely);
  const rolesRepository = new RolesRepository(db.kysely);
  const outboxRepository = new OutboxRepository(db.kysely);
  const surveyRepository = new SurveyRepository(db.kysely);
  let mailer: Mailer | null = null;
  /** The process's mailer, created on first use (an SMTP pool connects only when sending). */
  const getMailer = () => (mailer ??= createMailer(config));
  const emailEventsRepository = new EmailEventsRepository(db.kysely);
  const emailEvents = new EmailEventsService(emailEventsRepository, webhooksRepository.enqueue.bind(webhooksRepository));
  const requests = new RequestsService(employeeLookup, interactionsRepository, idempotency, interactionWriter);
  const outboxHandlers = new OutboxHandlers();
  outboxHandlers.register(new SurveyEmailHandler(config, db.kysely, outboxRepository, surveyRepository, credentials, getMailer, webhooksRepository.enqueue.bind(webhooksRepository), telemetry));
  const sessions = new SessionsService(
    new SessionsRepository(db.kysely),
    new LoginThrottle(new LoginFailuresRepository(db.kysely)),
    employeesRepository,
    rolesRepository,
    (companyId) => credentials.company(companyId),
    { idleTimeoutMs: config.sessionIdleTimeoutMinutes * 60_000, maxAgeMs: config.sessionMaxAgeHours * 3_600_000 },
  );
  const endSessions = (companyId: number, employeeId: number) => sessions.endSessions(companyId, employeeId);
  const invites = new InviteService(new InvitesRepository(db.kysely), config.publicUrl, onEmployeeChange, endSessions);
  const invitation = { kind: EMPLOYEE_INVITE_KIND, prepare: invites.prepareInviteEmail.bind(invites), skippedBecause: 'the employee is no longer pending' };
  outboxHandlers.register(new AccountLinkEmailHandler(invitation, config, getMailer, telemetry));
  const passwordResets = new PasswordResetService(new PasswordResetsRepository(db.kysely), config.publicUrl, endSessions);
  const reset = { kind: PASSWORD_RESET_KIND, prepare: passwordResets.prepareResetEmail.bind(passwordResets), skippedBecause: 'the employee is no longer active with a password' };
  outboxHandlers.register(new AccountLinkEmailHandler(reset, config, getMailer, telemetry));
  outboxHandlers.register(new WebhookHandler(webhooksRepository, webhookPolicy, telemetry));
  const qa = new QaRepository(db.kysely);
  const scorecards = new ScorecardsRepository(db.kysely);
  const qaScorecards = new ScorecardsService(scorecards, qa);
  const people = new PeopleLookup(employeesRepository, rolesRepository, provisioningRepository);
  const qaReviews = new ReviewsService(qa, scorecards, qaScorecards, people, interactionsRepository);
  const externalMetrics = new ExternalMetricsService(new MetricsRepository(db.kysely), employeesRepository);
  const stream = new StreamService(new StreamRepository(db.kysely));
  const digestRepository = new DigestRepository(db.kysely);
  const reports = new ReportsService(new ReportsRepository(db.kysely));
  const digest = new DigestService(
    {
      company: (companyId) => credentials.company(companyId),
      employee: (companyId, employeeId) => employeesRepository.findById(companyId, employeeId),
      role: (companyId, name) => rolesRepository.findRole(companyId, name),
      reach: (companyId, employeeId) => employeesRepository.reach(companyId, employeeId),
    },
    reports,
    stream,
    config.publicUrl,
    digestRepository,
  );
  outboxHandlers.register(new WeeklyDigestHandler(digest, config, getMailer, telemetry));
  const media = createMediaService(new MediaRepository(db.kysely), createBlobStore(config.media));
  let secretBox: ReturnType<typeof loadSecretBox> | null = null;
  /** The key is read (or made, in DATA_DIR) on first use, not by commands that never need it. */
  const getSecretBox = () => (secretBox ??= loadSecretBox(config.integrations, config.dataDir));
  let connections: ConnectionsService | null = null;
  const getConnections = () =>
    (connections ??= new ConnectionsService(new ConnectionsRepository(db.kysely), getSecretBox(), config, {
      company: (companyId) => credentials.company(companyId),
      intake: interactionWriter.intake ?? requests,
      validateRequest: (scope, body) => requests.validateFeedbackRequest(scope, body),
    }));
  outboxHandlers.register(new ConnectionEventHandler(getConnections));
  const alerts = new AlertsService(new AlertRulesRepository(db.kysely), getSecretBox, webhookPolicy, config.publicUrl);
  outboxHandlers.register(new ChatAlertHandler(alerts));
  outboxHandlers.register(new SurveyFinishedHandler((trx, companyId, interactionId) => alerts.onSurveyFinished(trx, companyId, interactionId)));
  return {
    config,
    db,
    /** Prometheus registry of this process (GET /metrics). */
    metrics,
    /** Business metrics (emails, webhooks, rate-limit refusals, pool, group commit) on that registry. */
    telemetry,
    credentials,
    companies: new CompaniesService(companiesRepository, credentials),
    /** Slack and Microsoft Teams alert rules and their delivery (outbox kind chat_alert). */
    alerts,
    /** Each brand's kit (display name, logo, accent colour, sender name, copy), for admins. */
    brands: new BrandsService(new BrandsRepository(db.kysely), (): MediaService | null => media, config.publicUrl, () => credentials.clear()),
    employees: new EmployeesService(employeesRepository),
    employeesRepository,
    webhooksRepository,
    interactions: interactionsRepository,
    dataReturn: new DataReturnService(new DataReturnRepository(db.exportKysely)),
    webhooks: new WebhooksService(webhooksRepository, webhookPolicy, config.webhookMaxEndpoints),
    requests,
    /** Helpdesk connections: events POSTed to /inbound/<public_id> become feedback requests. */
    get connections(): ConnectionsService {
      return getConnections();
    },
    /** Seals helpdesk credentials and alert webhook URLs (INTEGRATION_SECRETS_KEY, or a key in DATA_DIR). */
    secretBox: getSecretBox,
    /** Where POST /v1/requests and /v1/recoveries bodies are read and stored. */
    requestIntake: interactionWriter.intake ?? requests,
    roles: new RolesService(rolesRepository),
    provisioning: new ProvisioningService(provisioningRepository, new EmployeeValidator(provisioningRepository, rolesRepository), config.publicUrl, onEmployeeChange, endSessions),
    invites,
    /** Uploaded images (logos, photos): checked, resized to PNG, kept in DATA_DIR/media or the S3 bucket, served at /media/<key>. */
    media,
    /** Employees' uploaded photos and titles. */
    employeeProfiles: new EmployeeProfileService(new EmployeeProfileRepository(db.kysely), media, config.publicUrl, onEmployeeChange),
    /** Web app sign-in and sessions; `sessions.endSessions(companyId, employeeId)` signs an employee out everywhere. */
    sessions,
    /** The web app's Stream: response cards, their summary and filters, within the viewer's scope. */
    stream,
    /** Metrics reports from the rollups, for the public API and the web app. */
    reports,
    /** The survey completion funnel (raw counts of a period), for the web app's dashboard. */
    funnel: new FunnelService(new FunnelRepository(db.kysely)),
    /** The weekly digest email: composing it, and each employee's preference. */
    digest,
    /** Enqueues due weekly digests; serve starts it (digestScheduler.start()) where the outbox worker runs. */
    digestScheduler: new DigestScheduler(digestRepository, rolesRepository),
    /** "Forgot password": reset links by email and the new password set through one. */
    passwordResets,
    qaScorecards,
    qaReviews,
    qaAudits: new AuditsService(qa, scorecards, qaScorecards, qaReviews, people),
    qaCalibrations: new CalibrationsService(qa, scorecards, qaScorecards, people),
    externalMetrics,
    coaching: new CoachingService(new CoachingRepository(db.kysely), qa, externalMetrics, people, interactionsRepository),
    /** Bounces and complaints reported after a survey email was accepted. */
    emailEvents,
    /** The email services' delivery-event webhooks and the inbound DSN endpoint (tests replace `sns` to serve their own certificate). */
    emailEventReceivers: new EmailEventReceivers(config.emailEvents, emailEvents, emailEventsRepository),
    survey: new SurveyService(config, surveyRepository, employeesRepository, credentials),
    outbox: outboxRepository,
    /** Depth of the outbox and the age of its oldest due row (GET /metrics). */
    outboxStats: () => readOutboxStats(db.kysely),
    /** Register a handler per outbox kind here (survey_email, employee_invite, ...); startWorker runs them. */
    outboxHandlers,
    mailer: getMailer,
    closeMailer: () => {
      mailer?.close();
      mailer = null;
    },
    /**
     * Starts the background work of a serving process: credential-cache polling, key expiry, and
     * the SQLite writer thread. The thread is started now so that the first request does not wait
     * for it, but not waited for, so that the server answers sooner (loading its modules is a good
     * part of the start); a thread that cannot start is logged, and the inserts that need it fail.
     */
    start: async (log?: { error(details: object, message: string): void }) => {
      closed = false;
      interactionWriter.start().catch((error: unknown) => {
        if (!closed) log?.error({ err: error }, 'the SQLite writer thread did not start');
      });
      await credentials.start();
      purgeTimer = setInterval(() => {
        void idempotency.purgeExpired().catch(() => {});
        void sessions.purgeEnded().catch(() => {});
      }, 3_600_000).unref();
    },
    /** Stops background work owned by the services (not the database, which the caller opened). */
    close: async () => {
      closed = true;
      credentials.stop();
      if (purgeTimer) clearInterval(purgeTimer);
      await interactionWriter.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
