import { Type, type Static } from '@sinclair/typebox';
import { EmployeeRefBody } from '../qa/qa.schemas.ts';

/** Request bodies of the coaching authoring API; responses are the data-return shape (coaching.presenter.ts). */

const NullableString = (maxLength = 2000) => Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength });
const DateTime = (description: string) => Type.String({ format: 'date-time', description });

const ActionItemBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 5000 }),
    category: Type.Optional(NullableString(200)),
    owner: Type.Optional(EmployeeRefBody),
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

export const SessionBody = Type.Object(
  {
    coach: EmployeeRefBody,
    employee: EmployeeRefBody,
    title: Type.String({ minLength: 1, maxLength: 500 }),
    private: Type.Optional(Type.Boolean({ default: false })),
    share: Type.Optional(Type.Boolean({ description: 'Share the session with the employee now' })),
    ...Additions,
  },
  { additionalProperties: false },
);

export const SessionUpdateBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    private: Type.Optional(Type.Boolean()),
    archived: Type.Optional(Type.Boolean()),
    share: Type.Optional(Type.Boolean({ description: 'true shares the session, or re-sends the recap when already shared' })),
    ...Additions,
  },
  { additionalProperties: false },
);

export const ActionItemsQuery = Type.Object(
  {
    employee_email: Type.Optional(Type.String()),
    employee_custom_id: Type.Optional(Type.String()),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('completed')])),
  },
  { additionalProperties: false },
);

export type SessionInput = Static<typeof SessionBody>;
export type SessionUpdate = Static<typeof SessionUpdateBody>;
export type SessionAdditions = Pick<SessionInput, keyof typeof Additions>;
export type ActionItemsFilter = Static<typeof ActionItemsQuery>;
