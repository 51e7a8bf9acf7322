import { Type, type Static } from '@sinclair/typebox';
import { named, ref } from '../../plugins/named-schemas.ts';
import { Person, PersonWithLeader, UtcTimestamp } from '../qa/qa.responses.ts';
import { EmployeeRefBody } from '../qa/qa.schemas.ts';

/** Request bodies of the coaching authoring API; responses are the data-return shape (coaching.presenter.ts). */

const NullableString = (maxLength = 2000) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });
const DateTime = (description: string) => Type.String({ format: 'date-time', description });

const ActionItemBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 5000 }),
    category: Type.Optional(NullableString(200)),
    owner: Type.Optional(ref(EmployeeRefBody)),
    due_date: Type.Optional(DateTime('When it is due')),
  },
  { additionalProperties: false },
);

const KudosBody = Type.Object({ text: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });

const MetricAttachmentBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Metric name; defaults to the integration metric field' })),
    score: Type.Optional(Type.Number({ description: 'The value; or give integration_id and metric to sum the employee records of the period' })),
    integration_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    metric: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    start_date: DateTime('Start of the period'),
    end_date: DateTime('End of the period'),
    notes: Type.Optional(NullableString(5000)),
  },
  { additionalProperties: false },
);

const AttachmentBody = (description: string) =>
  Type.Object({ uuid: Type.String({ description }), notes: Type.Optional(NullableString(5000)) }, { additionalProperties: false });

const Additions = {
  action_items: Type.Optional(Type.Array(ActionItemBody, { maxItems: 100, description: 'New action items, created open in this session' })),
  complete_action_items: Type.Optional(Type.Array(Type.String(), { maxItems: 100, description: "uuids of the employee's open action items completed in this session" })),
  kudos: Type.Optional(Type.Array(KudosBody, { maxItems: 100 })),
  metric_attachments: Type.Optional(Type.Array(MetricAttachmentBody, { maxItems: 50 })),
  feedback_attachments: Type.Optional(Type.Array(AttachmentBody('request_id of a feedback interaction of the employee'), { maxItems: 50 })),
  qa_review_attachments: Type.Optional(Type.Array(AttachmentBody('uuid of a QA review of the employee'), { maxItems: 50 })),
};

export const SessionBody = named('CoachingSessionInput', Type.Object(
  {
    coach: ref(EmployeeRefBody),
    employee: ref(EmployeeRefBody),
    title: Type.String({ minLength: 1, maxLength: 500 }),
    private: Type.Optional(Type.Boolean({ default: false })),
    share: Type.Optional(Type.Boolean({ description: 'Share the session with the employee now' })),
    ...Additions,
  },
  { additionalProperties: false, description: 'A new coaching session' },
));

export const SessionUpdateBody = named('CoachingSessionUpdate', Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    private: Type.Optional(Type.Boolean()),
    archived: Type.Optional(Type.Boolean()),
    share: Type.Optional(Type.Boolean({ description: 'true shares the session, or re-sends the recap when already shared' })),
    ...Additions,
  },
  { additionalProperties: false, description: 'Changes to a coaching session; the lists add to what it has' },
));

export const ActionItemsQuery = Type.Object(
  {
    employee_email: Type.Optional(Type.String({ description: 'The employee, by email (or give employee_custom_id)' })),
    employee_custom_id: Type.Optional(Type.String({ description: 'The employee, by custom id' })),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('completed')], { description: 'Only open or only completed items (default both)' })),
  },
  { additionalProperties: false },
);

export type SessionInput = Static<typeof SessionBody>;
export type SessionUpdate = Static<typeof SessionUpdateBody>;
export type SessionAdditions = Pick<SessionInput, keyof typeof Additions>;
export type ActionItemsFilter = Static<typeof ActionItemsQuery>;

/* Responses: the seed's data-return JSON of a session (coaching.presenter.ts). */

const Nullable = (description?: string) => Type.Unsafe<string | null>({ type: ['string', 'null'], description });

const actionItemFields = {
  text: Type.String(),
  category: Nullable(),
  status: Type.String({ enum: ['open', 'completed'], description: 'open or completed' }),
  created_at: UtcTimestamp('When the action item was created'),
  completed_at: UtcTimestamp('When it was completed'),
  due_date: UtcTimestamp('When it is due'),
  owner: ref(Person),
};

export const ActionItem = named('ActionItem', Type.Object(actionItemFields, { additionalProperties: false, description: 'An action item of a coaching session' }));

const Attachment = Type.Object(
  { uuid: Type.String(), interaction_id: Nullable(), added_at: UtcTimestamp('When it was attached'), notes: Nullable() },
  { additionalProperties: false },
);

export const Session = named('CoachingSession', Type.Object(
  {
    uuid: Type.String(),
    created_at: UtcTimestamp('When the session was created'),
    shared_at: UtcTimestamp('When it was shared with the employee'),
    reshared_at: UtcTimestamp('When it was last shared again'),
    archived: Type.Boolean(),
    sequence_id: Type.Integer(),
    coach: ref(Person),
    employee: ref(PersonWithLeader),
    title: Type.String(),
    private: Type.Boolean(),
    created_action_items: Type.Array(ref(ActionItem)),
    completed_action_items: Type.Array(ref(ActionItem)),
    kudos: Type.Array(Type.Object({ text: Type.String(), created_at: UtcTimestamp('When it was given') }, { additionalProperties: false })),
    metric_attachments: Type.Array(
      Type.Object(
        {
          name: Type.String(),
          score: Type.Unsafe<number | null>({ type: ['number', 'null'] }),
          start_date: UtcTimestamp('Start of the period'),
          end_date: UtcTimestamp('End of the period'),
          added_at: UtcTimestamp('When it was attached'),
          notes: Nullable(),
        },
        { additionalProperties: false },
      ),
    ),
    feedback_attachments: Type.Array(Attachment),
    qa_review_attachments: Type.Array(Attachment),
  },
  { additionalProperties: false, description: 'A 1:1 coaching session' },
));

/** GET /v2/coaching/action-items: an action item with the uuids to complete it by. */
export const ActionItemListing = named(
  'ActionItemListing',
  Type.Object(
    { uuid: Type.String({ description: 'Pass it in complete_action_items of a session update' }), session_uuid: Nullable('The session that created it'), ...actionItemFields, employee: ref(Person) },
    { additionalProperties: false, description: "An action item of an employee, with the uuid to complete it by" },
  ),
);
