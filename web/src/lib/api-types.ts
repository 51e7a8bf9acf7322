/*
 * The JSON the app receives and sends, typed from the server's TypeBox schemas (type-only imports:
 * nothing of the server is bundled). Change a shape on the server and the app stops compiling.
 */
import type { Static } from '@sinclair/typebox';
import type { AppSession, LoginBody, PasswordChangeBody, SessionList } from '../../../src/modules/sessions/sessions.schemas.ts';
import type { ErrorBody } from '../../../src/plugins/error-schemas.ts';
export type { PreferencesView as Preferences } from '../../../src/modules/digest/digest.schemas.ts';
import type { Profile as ProfileSchema, ProfileInput as ProfileInputSchema } from '../../../src/modules/employees/profile.schemas.ts';

export type { StreamCardView as StreamCard, StreamFilter, StreamOptionsView as StreamOptions, StreamPageView as StreamPage, StreamSummaryView as StreamSummary } from '../../../src/modules/stream/stream.schemas.ts';

export type Session = Static<typeof AppSession>;
export type LoginInput = Static<typeof LoginBody>;
export type PasswordChangeInput = Static<typeof PasswordChangeBody>;
export type Sessions = Static<typeof SessionList>;
export type SessionRow = Sessions['sessions'][number];
export type ApiErrorBody = Static<typeof ErrorBody>;
export type Profile = Static<typeof ProfileSchema>;
export type ProfileInput = Static<typeof ProfileInputSchema>;
export type {
  AveragesView as ReportAverages,
  FiguresOut as ReportFigures,
  GroupBy as ReportGroupBy,
  LeaderboardQueryInput as LeaderboardQuery,
  LeaderboardView as Leaderboard,
  MetricsReportView as MetricsReport,
  ReportOptionsView as ReportOptions,
  ReportQueryInput as ReportQuery,
} from '../../../src/modules/reports/reports.schemas.ts';
export type { AlertRuleCreateIn as AlertRuleCreate, AlertRuleOut as AlertRule, AlertRuleUpdateIn as AlertRuleUpdate } from '../../../src/modules/alerts/alerts.schemas.ts';
export type { FunnelView as SurveyFunnel } from '../../../src/modules/reports/funnel.schemas.ts';
export type { BrandListView as BrandList, BrandUpdateInput as BrandUpdate, BrandViewOut as Brand } from '../../../src/modules/brands/brands.schemas.ts';
export type {
  ConnectionCreateIn as ConnectionCreate,
  ConnectionCreatedOut as ConnectionCreated,
  ConnectionDetailOut as ConnectionDetail,
  ConnectionEventOut as ConnectionEvent,
  ConnectionTryResultOut as ConnectionTryResult,
  ConnectionUpdateIn as ConnectionUpdate,
  ConnectionViewOut as Connection,
} from '../../../src/modules/connections/connections.schemas.ts';
export type { ConnectionKindListOut as ConnectionKinds } from '../../../src/modules/connections/connection-kinds.ts';
