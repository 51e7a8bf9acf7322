import { Type, type Static } from '@sinclair/typebox';
import { named, ref } from '../../plugins/named-schemas.ts';

/** Request bodies of the QA authoring API. Responses are the data-return shapes of qa.presenters.ts. */

const NullableString = (options: { description?: string; maxLength?: number; format?: string } = {}) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: options.maxLength ?? 2000, ...options });
const Text = (description: string, maxLength = 2000) => Type.String({ minLength: 1, maxLength, description });

/** An employee by email or custom id: at least one of them must be a string. */
export const EmployeeRefBody = named(
  'EmployeeIdentifier',
  Type.Object(
    {
      email: Type.Optional(NullableString({ description: 'Email of the employee' })),
      custom_id: Type.Optional(NullableString({ description: 'Custom id of the employee; used when email is absent' })),
    },
    {
      additionalProperties: false,
      description: 'An employee, by email or custom_id (at least one is required)',
      // allOf around the anyOf: generators then intersect it with the properties rather than offer it as an alternative.
      allOf: [{ anyOf: [{ required: ['email'], properties: { email: { type: 'string' } } }, { required: ['custom_id'], properties: { custom_id: { type: 'string' } } }] }],
    },
  ),
);

const OptionBody = Type.Object(
  {
    text: Text('Label of the option', 500),
    points: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Points the option earns' })),
    na: Type.Optional(Type.Boolean({ description: 'N/A: choosing it leaves the question out of the score' })),
    autofail: Type.Optional(Type.Boolean({ description: 'Choosing it fails the whole review (score 0)' })),
  },
  { additionalProperties: false },
);

const QuestionBody = Type.Object(
  { text: Text('Question text'), options: Type.Array(OptionBody, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);

export const ScorecardBody = named('ScorecardInput', Type.Object(
  {
    name: Text('Scorecard name', 200),
    sections: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Text('Section name', 200),
            weight: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 1000 }), Type.Null()], { description: 'Relative weight; all sections or none' })),
            questions: Type.Array(QuestionBody, { minItems: 1, maxItems: 200 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
    questions: Type.Optional(Type.Array(QuestionBody, { maxItems: 200, description: 'Questions outside any section (unweighted scorecards only)' })),
  },
  { additionalProperties: false },
));

export const ScorecardUpdateBody = named('ScorecardUpdate', Type.Object(
  { name: Type.Optional(Text('Scorecard name', 200)), archived: Type.Optional(Type.Boolean({ description: 'Archive (true) or restore (false)' })) },
  { additionalProperties: false },
));

export const AnswerBody = Type.Object(
  {
    question_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    option_id: Type.Union([Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()], { description: 'The chosen option; null to leave unanswered' }),
    comment: Type.Optional(NullableString({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

const Answers = Type.Array(AnswerBody, { maxItems: 500 });
const DateTime = (description: string) => Type.String({ format: 'date-time', description });

export const ReviewBody = named('QaReviewInput', Type.Object(
  {
    scorecard_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    employee: ref(EmployeeRefBody),
    reviewer: ref(EmployeeRefBody),
    interaction_id: Type.Optional(NullableString({ description: 'External interaction id' })),
    interaction_url: Type.Optional(NullableString({ description: 'http(s) link to the interaction' })),
    solicitation_id: Type.Optional(NullableString({ description: 'request_id (uuid) of the feedback interaction reviewed' })),
    count_toward_score: Type.Optional(Type.Boolean({ default: true })),
    started_at: Type.Optional(DateTime('When the reviewer started; defaults to now')),
    answers: Type.Optional(Answers),
    complete: Type.Optional(Type.Boolean({ description: 'Complete the review now (every question must be answered)' })),
  },
  { additionalProperties: false },
));

export const ReviewUpdateBody = named('QaReviewUpdate', Type.Object(
  {
    interaction_id: Type.Optional(NullableString()),
    interaction_url: Type.Optional(NullableString()),
    count_toward_score: Type.Optional(Type.Boolean()),
    answers: Type.Optional(Answers),
    complete: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
));

export const AuditBody = named('QaAuditInput', Type.Object(
  {
    qa_review_id: Type.String({ description: 'uuid of the completed review being audited' }),
    auditor: ref(EmployeeRefBody),
    audit_type: Type.Optional(Type.Union([Type.Literal('Audit'), Type.Literal('Calibration Audit')], { default: 'Audit' })),
    scorecard_id: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "Audit form; defaults to the review's scorecard" })),
    count_toward_score: Type.Optional(Type.Boolean({ default: true })),
    answers: Type.Optional(Answers),
    complete: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
));

export const AuditUpdateBody = named('QaAuditUpdate', Type.Object(
  { count_toward_score: Type.Optional(Type.Boolean()), answers: Type.Optional(Answers), complete: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
));

const ParticipantBody = Type.Object({ employee: ref(EmployeeRefBody), answers: Answers }, { additionalProperties: false });
const ReferenceBody = Type.Object({ question_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), option_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }, { additionalProperties: false });

export const CalibrationBody = named('QaCalibrationInput', Type.Object(
  {
    scorecard_id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    started_by: ref(EmployeeRefBody),
    meeting_date: Type.Optional(DateTime('When the calibration meeting takes place')),
    interaction_id: Type.Optional(NullableString()),
    interaction_url: Type.Optional(NullableString()),
    notes: Type.Optional(NullableString({ maxLength: 10000 })),
    participants: Type.Optional(Type.Array(ParticipantBody, { maxItems: 100 })),
    selected_options: Type.Optional(Type.Array(ReferenceBody, { maxItems: 500, description: 'The reference answer of each question' })),
    complete: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
));

export const CalibrationUpdateBody = named('QaCalibrationUpdate', Type.Object(
  {
    meeting_date: Type.Optional(DateTime('When the calibration meeting takes place')),
    notes: Type.Optional(NullableString({ maxLength: 10000 })),
    participants: Type.Optional(Type.Array(ParticipantBody, { maxItems: 100 })),
    selected_options: Type.Optional(Type.Array(ReferenceBody, { maxItems: 500 })),
    complete: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
));

export const UuidParams = Type.Object({ uuid: Type.String({ description: 'The uuid of the record' }) });
export const IdParams = Type.Object({ id: Type.String({ description: 'The id of the scorecard' }) });

export type ScorecardInput = Static<typeof ScorecardBody>;
export type ScorecardUpdate = Static<typeof ScorecardUpdateBody>;
export type AnswerInput = Static<typeof AnswerBody>;
export type ReviewInput = Static<typeof ReviewBody>;
export type ReviewUpdate = Static<typeof ReviewUpdateBody>;
export type AuditInput = Static<typeof AuditBody>;
export type AuditUpdate = Static<typeof AuditUpdateBody>;
export type CalibrationInput = Static<typeof CalibrationBody>;
export type CalibrationUpdate = Static<typeof CalibrationUpdateBody>;
