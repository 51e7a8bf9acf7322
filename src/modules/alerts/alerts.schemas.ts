import { Type, type Static } from '@sinclair/typebox';
import { named } from '../../plugins/named-schemas.ts';

const Target = Type.Union([Type.Literal('slack'), Type.Literal('teams')], { description: 'slack (Block Kit) or teams (Adaptive Card)' });

/** POST /app/api/alerts (and `agent-connect alert add`). */
export const AlertRuleCreate = named('AppAlertRuleCreate', Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    target: Target,
    url: Type.String({ maxLength: 2000, description: 'The Slack or Teams incoming-webhook URL (https)' }),
    min_rating: Type.Integer({ minimum: 1, maximum: 5 }),
    max_rating: Type.Integer({ minimum: 1, maximum: 5 }),
    comment_required: Type.Optional(Type.Boolean({ description: 'Only responses with a comment' })),
    team_leader_email: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()], { description: 'Only agents of this team leader' })),
  },
  { additionalProperties: false },
));
export type AlertRuleCreateIn = Static<typeof AlertRuleCreate>;

/** PATCH /app/api/alerts/:id (and `agent-connect alert update`): only the fields given change. */
export const AlertRuleUpdate = named('AppAlertRuleUpdate', Type.Partial(Type.Object(
  {
    ...AlertRuleCreate.properties,
    url: Type.String({ maxLength: 2000, description: 'A new incoming-webhook URL (https) replacing the sealed one; leave it out to keep the current URL' }),
    team_leader_email: Type.Union([Type.String({ maxLength: 320 }), Type.Null()], { description: 'Only agents of this team leader; null (or "") for everyone' }),
    enabled: Type.Boolean({ description: 'false pauses the rule: nothing is posted until it is true again' }),
  },
  { additionalProperties: false },
), { additionalProperties: false }));
export type AlertRuleUpdateIn = Static<typeof AlertRuleUpdate>;

/** A rule as the Connections page lists it; the URL is shown only by its host (it is a secret). */
export const AlertRuleView = named('AppAlertRule', Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    target: Target,
    url_host: Type.String(),
    min_rating: Type.Integer(),
    max_rating: Type.Integer(),
    comment_required: Type.Boolean(),
    team_leader: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String(), email: Type.String() }, { additionalProperties: false }), Type.Null()]),
    enabled: Type.Boolean({ description: 'false: the rule is paused and posts nothing' }),
    last_status: Type.Union([Type.Literal('sent'), Type.Literal('failed'), Type.Null()]),
    last_error: Type.Union([Type.String(), Type.Null()]),
    last_sent_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    created_at: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
));
export type AlertRuleOut = Static<typeof AlertRuleView>;

export const AlertRuleList = named('AppAlertRuleList', Type.Object({ rules: Type.Array(AlertRuleView) }, { additionalProperties: false }));

export const AlertRuleParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The alert rule id (GET /app/api/alerts)' }) });
