import type { Generated, Insertable, Selectable } from 'kysely';
import type { QaDatabase } from './schema-qa.ts';
import type { ReportsDatabase } from './schema-reports.ts';

/**
 * Table types. Conventions shared by both back ends:
 * - timestamps are epoch milliseconds (bigint columns, numbers in JS);
 * - booleans are 0/1 integers;
 * - JSON values are stored as text.
 */
export interface Database extends QaDatabase, ReportsDatabase {
  companies: CompaniesTable;
  brands: BrandsTable;
  media: MediaTable;
  api_keys: ApiKeysTable;
  api_secrets: ApiSecretsTable;
  employees: EmployeesTable;
  interactions: InteractionsTable;
  answers: AnswersTable;
  outbox: OutboxTable;
  company_sequences: CompanySequencesTable;
  surveys: SurveysTable;
  unsubscribes: UnsubscribesTable;
  email_events: EmailEventsTable;
  email_event_tokens: EmailEventTokensTable;
  connections: ConnectionsTable;
  connection_events: ConnectionEventsTable;
  alert_rules: AlertRulesTable;
  system_state: SystemStateTable;
  idempotency_keys: IdempotencyKeysTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  roles: RolesTable;
  groups: GroupsTable;
  employee_groups: EmployeeGroupsTable;
  employee_team_leaders: EmployeeTeamLeadersTable;
  employee_invites: EmployeeInvitesTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  password_resets: PasswordResetsTable;
  password_reset_requests: PasswordResetRequestsTable;
}

export interface CompaniesTable {
  id: Generated<number>;
  name: string;
  subdomain: string;
  test_email: string | null;
  /** JSON array of channel names. */
  channels: string;
  /** JSON array of language tags; the first is the default. */
  languages: string;
  /** JSON object of company settings (see companies/company-settings.ts). */
  settings: string;
  created_at: number;
  updated_at: number;
}

export interface BrandsTable {
  id: Generated<number>;
  company_id: number;
  name: string;
  display_name: string | null;
  created_at: number;
  /** media.key of the logo (an uploaded, resized PNG). */
  logo_key: string | null;
  /** #rrggbb, at least 4.5:1 against white (checked when set). */
  accent_color: string | null;
  /** Sender display name pattern, e.g. "{first_name} at {brand}"; null: the language's default. */
  sender_name: string | null;
  /** JSON {language: {subject?, greeting?, intro?, closing?}}: email and closing-screen copy. */
  copy: string | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  company_id: number;
  kind: 'production' | 'test';
  /** SHA-256 of the key, hex. The key itself is shown once and never stored. */
  key_hash: string;
  /** First characters of the key, to tell keys apart in listings. */
  key_prefix: string;
  created_at: number;
  revoked_at: number | null;
}

export interface ApiSecretsTable {
  id: Generated<number>;
  company_id: number;
  /** HS256 signing secret; must be kept to verify client tokens. */
  secret: string;
  created_at: number;
  revoked_at: number | null;
}

export interface EmployeesTable {
  id: Generated<number>;
  company_id: number;
  email: string;
  /** Lower-cased email, unique per company. */
  email_key: string;
  custom_id: string | null;
  first_name: string | null;
  last_name: string | null;
  /** active | deactivated | pending */
  status: string;
  role: string;
  manage_team: number;
  team_leader_id: number | null;
  image: string | null;
  profile_text: string | null;
  /** media.key of an uploaded photo; preferred to `image` (a URL given through the API). */
  photo_key: string | null;
  /** Job title shown to customers, e.g. "Customer Care Specialist". */
  title: string | null;
  created_at: number;
  updated_at: number;
  /** standard | flexible */
  license_type: Generated<string>;
  /** JSON array of channel names. */
  channels: Generated<string>;
  /** full-time | part-time | temp */
  employment_status: string | null;
  /** YYYY-MM-DD */
  start_date: string | null;
  hometown: string | null;
  state_or_country: string | null;
  /** JSON array of permission names (access/permissions.ts). */
  permissions: Generated<string>;
  /** scrypt hash (lib/passwords.ts); never returned. */
  password_hash: string | null;
  /** 1 when the password is a temporary one the employee must change. */
  password_must_change: Generated<number>;
  last_active_at: number | null;
  /** 1: they get the weekly digest email (team leaders and admins); they can turn it off. */
  weekly_digest: Generated<number>;
}

export interface InteractionsTable {
  id: number;
  uuid: string;
  company_id: number;
  sequence_id: number;
  is_test: number;
  is_recovery: number;
  parent_id: number | null;
  brand_id: number;
  channel: string;
  employee_id: number;
  team_leader_id: number | null;
  customer_email: string | null;
  customer_name: string | null;
  customer_custom_id: string | null;
  country: string | null;
  language: string;
  /** JSON array of strings. */
  tags: string;
  /** JSON object of strings, or null. */
  custom_properties: string | null;
  ext_interaction_id: string | null;
  external_url: string | null;
  do_not_send: number;
  requested_via: string;
  delivery_status: string;
  sent_at: number | null;
  response_received_at: number | null;
  reward_name: string | null;
  created_at: number;
  updated_at: number;
  /** The answers in figures (migration 120), kept equal to them by every answer writer: interactions/answer-columns.ts. */
  star_rating: number | null;
  nps_score: number | null;
  /** FCR: 1 yes, 0 no, null unanswered. */
  resolved: number | null;
  /** 1 when an answer has a (non-empty) comment. */
  has_comment: Generated<number>;
  /** The chosen areas of excellence / improvement: option texts, one a line; null when none. */
  excellence_labels: string | null;
  improvement_labels: string | null;
}

/** Every column of `interactions`, in table order (for INSERT statements written once and reused). */
export const INTERACTION_COLUMNS = [
  'id', 'uuid', 'company_id', 'sequence_id', 'is_test', 'is_recovery', 'parent_id', 'brand_id', 'channel', 'employee_id',
  'team_leader_id', 'customer_email', 'customer_name', 'customer_custom_id', 'country', 'language', 'tags', 'custom_properties',
  'ext_interaction_id', 'external_url', 'do_not_send', 'requested_via', 'delivery_status', 'sent_at', 'response_received_at',
  'reward_name', 'created_at', 'updated_at',
] as const satisfies readonly (keyof InteractionsTable)[];

export interface AnswersTable {
  id: Generated<number>;
  company_id: number;
  interaction_id: number;
  /** Stable question identifier: agent_star_rating, nps, fcr, areas_of_excellence... */
  question_key: string;
  question_id: number;
  question_text: string;
  comment: string | null;
  /** JSON array of {option_id, option_text, integer_value}. */
  selected_options: string;
  created_at: number;
  updated_at: number;
}

export interface OutboxTable {
  id: Generated<number>;
  company_id: number;
  /** survey_email | ... */
  kind: string;
  interaction_id: number | null;
  /** JSON payload for the handler of this kind. */
  payload: string;
  /** pending | sending | sent | failed */
  status: string;
  attempts: number;
  available_at: number;
  claimed_at: number | null;
  last_error: string | null;
  created_at: number;
  completed_at: number | null;
  /** Random id of the worker claim holding a 'sending' row. */
  claim_id: string | null;
}

/** One customer survey per interaction; the link token is stored only as its SHA-256. */
export interface SurveysTable {
  interaction_id: number;
  company_id: number;
  token_hash: string;
  expires_at: number;
  /** click | form: where the current agent_star_rating answer came from. */
  rating_source: string | null;
  last_click_rating: number | null;
  last_click_at: number | null;
  /** 1 when the last star click came from a known link scanner's user agent (widens the burst window). */
  last_click_scanner: number | null;
  /** Last time several different star links were opened within seconds (a mail scanner). */
  scanner_at: number | null;
  created_at: number;
  /** When the customer reached the closing screen (finished the survey). */
  completed_at: number | null;
  /** The survey email's delivery-event reference (random, 32 hex digits), echoed back by bounces and email services. */
  email_ref: string | null;
}

export interface UnsubscribesTable {
  company_id: number;
  /** Lower-cased customer email. */
  email_key: string;
  interaction_id: number | null;
  created_at: number;
  /** Why the address gets no more surveys: customer (unsubscribed), bounce (a hard bounce) or complaint (marked as spam). */
  reason: Generated<string>;
}

/** A bounce or complaint reported for a survey email after it was accepted (what support reads). */
export interface EmailEventsTable {
  id: Generated<number>;
  company_id: number;
  interaction_id: number;
  /** ses | sendgrid | postmark | mailgun | dsn */
  provider: string;
  /** The provider's id of the event (redeliveries repeat it). */
  event_key: string;
  /** hard_bounce | soft_bounce | complaint */
  kind: string;
  detail: string;
  created_at: number;
}

/** Webhook tokens already accepted (Mailgun's), so a replayed request is refused. */
export interface EmailEventTokensTable {
  provider: string;
  token: string;
  created_at: number;
}

/** A company's helpdesk connection: events POSTed to /inbound/<public_id> become feedback requests. */
export interface ConnectionsTable {
  id: Generated<number>;
  company_id: number;
  /** The unguessable id in the inbound URL (32 base64url characters). */
  public_id: string;
  /** zendesk | freshdesk | kustomer | gladly | intercom | salesforce | generic */
  kind: string;
  name: string;
  /** The helpdesk's API base URL for lookups (https://acme.zendesk.com), or null. */
  api_base: string | null;
  /** ConnectionSecrets as JSON, sealed with the secret box (never stored in clear), or null. */
  secrets: string | null;
  /** ConnectionOptions as JSON: the generic mapping, a delay, a channel. */
  options: Generated<string>;
  created_at: number;
  updated_at: number;
}

/** An event a connection received and what became of it (its status), for the Connections page. */
export interface ConnectionEventsTable {
  id: Generated<number>;
  company_id: number;
  connection_id: number;
  /** The helpdesk's event or ticket id: a second event with it is a redelivery (deliveries + 1). Null for pings and refusals. */
  event_key: string | null;
  /** What the helpdesk said happened (ticket.solved, CONVERSATION/CLOSED, PING...). */
  event_type: string;
  /** pending | created | skipped | refused | unauthorized | failed */
  status: string;
  /** Why (the skip reason, the validation errors, the last lookup error), or null. */
  detail: string | null;
  /** The feedback request it created. */
  request_id: string | null;
  is_test: Generated<number>;
  /** The raw body, kept only while the event is pending (for retries). */
  body: string | null;
  deliveries: Generated<number>;
  attempts: Generated<number>;
  received_at: number;
  last_received_at: number;
  processed_at: number | null;
}

/** A Slack or Teams alert: responses matching the rule are posted to the incoming-webhook URL. */
export interface AlertRulesTable {
  id: Generated<number>;
  company_id: number;
  name: string;
  /** slack | teams */
  target: string;
  /** The incoming-webhook URL, sealed with the secret box. */
  url: string;
  /** Agent star ratings from min_rating to max_rating (1-5) match. */
  min_rating: number;
  max_rating: number;
  /** 1: only responses with a comment. */
  comment_required: Generated<number>;
  /** Only agents of this team leader, or null for everyone. */
  team_leader_id: number | null;
  enabled: Generated<number>;
  /** sent | failed, with the error, of the last delivery. */
  last_status: string | null;
  last_error: string | null;
  last_sent_at: number | null;
  created_at: number;
}

export interface CompanySequencesTable {
  company_id: number;
  last_value: number;
}

export interface IdempotencyKeysTable {
  company_id: number;
  idempotency_key: string;
  /** SHA-256 of the endpoint, key kind and canonical body the key was first used with. */
  request_hash: string;
  request_id: string;
  created_at: number;
}

export interface WebhookEndpointsTable {
  id: Generated<number>;
  company_id: number;
  url: string;
  /** Standard Webhooks signing secret (whsec_...). */
  secret: string;
  /** JSON array of event types. */
  events: string;
  enabled: number;
  /** When deliveries to this endpoint started failing (reset by a success). */
  failing_since: number | null;
  disabled_reason: string | null;
  /** 1: registered with the test key, it receives only the events of test interactions. */
  is_test: Generated<number>;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  company_id: number;
  endpoint_id: number;
  /** webhook-id header: the same on every attempt, so receivers can drop duplicates. */
  message_id: string;
  event_type: string;
  /** The JSON body sent. */
  payload: string;
  /** pending | delivered | failed | skipped */
  status: string;
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  created_at: number;
  last_attempt_at: number | null;
  delivered_at: number | null;
}

export interface SystemStateTable {
  name: string;
  value: number;
}

export interface RolesTable {
  id: Generated<number>;
  company_id: number;
  name: string;
  /** JSON array of capabilities (access/permissions.ts). */
  capabilities: string;
  created_at: number;
}

export interface GroupsTable {
  id: Generated<number>;
  company_id: number;
  /** Exact, case-sensitive name. */
  name: string;
  created_at: number;
}

export interface EmployeeGroupsTable {
  company_id: number;
  employee_id: number;
  group_id: number;
  /** member (the employee's groups) | reporting (groups the employee reports on) */
  kind: string;
}

/** Who leads whom: every team leader of an employee (employees.team_leader_id is the primary one). */
export interface EmployeeTeamLeadersTable {
  company_id: number;
  employee_id: number;
  team_leader_id: number;
  /** 0 for the primary leader, then the order they were given in. */
  position: Generated<number>;
}

export interface EmployeeInvitesTable {
  id: Generated<number>;
  company_id: number;
  employee_id: number;
  /** SHA-256 of the set-password token, hex. */
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** A signed-in browser of the web app (its cookie holds the token). */
export interface SessionsTable {
  id: Generated<number>;
  company_id: number;
  employee_id: number;
  /** SHA-256 of the session token, hex. The token lives only in the browser's cookie. */
  token_hash: string;
  created_at: number;
  /** Last request made with the session (updated at most once a minute); the idle timeout counts from it. */
  last_seen_at: number;
  /** End of the absolute lifetime, whatever the activity. */
  expires_at: number;
  user_agent: string | null;
}

/** A failed sign-in, counted by the login throttle (not scoped by company: an email is throttled in all of them). */
export interface LoginFailuresTable {
  id: Generated<number>;
  /** account (subject: the lower-cased email) | address (subject: the client IP address) */
  kind: 'account' | 'address';
  subject: string;
  failed_at: number;
}

/** A single-use "forgot password" link. */
export interface PasswordResetsTable {
  id: Generated<number>;
  company_id: number;
  employee_id: number;
  /** SHA-256 of the reset token, hex. */
  token_hash: string;
  created_at: number;
  expires_at: number;
  /** When it was used, or replaced by a newer link. */
  used_at: number | null;
}

/** One "forgot password" request, kept an hour to throttle them. */
export interface PasswordResetRequestsTable {
  id: Generated<number>;
  /** SHA-256 of the lower-cased email, hex. */
  email_hash: string;
  /** SHA-256 of the client address, hex. */
  client_hash: string;
  created_at: number;
}

export interface MediaTable {
  /** `<32 hex>.<ext>`: unguessable, served publicly at /media/<key>. */
  key: string;
  company_id: number;
  /** logo | photo */
  purpose: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  created_at: number;
}

export type CompanyRow = Selectable<CompaniesTable>;
export type BrandRow = Selectable<BrandsTable>;
export type EmployeeRow = Selectable<EmployeesTable>;
export type SessionRow = Selectable<SessionsTable>;
export type InteractionRow = Selectable<InteractionsTable>;
export type NewInteraction = Insertable<InteractionsTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type SurveyRow = Selectable<SurveysTable>;
export type AnswerRow = Selectable<AnswersTable>;
