import { Type } from '@sinclair/typebox';
import { named, ref } from '../../plugins/named-schemas.ts';

/**
 * Response shapes of the QA routes: the seed's data-return JSON of reviews, audits and
 * calibrations (qa.presenters.ts), and the authoring view of scorecards. Fastify serializes
 * with these schemas, so every field the presenters write must be listed here.
 */

const NullableString = (description?: string) => Type.Unsafe<string | null>({ type: ['string', 'null'], description });
const NullableNumber = (description?: string) => Type.Unsafe<number | null>({ type: ['number', 'null'], description });
/** `2019-12-20 10:44:18 UTC`, the data-return timestamp format. */
export const UtcTimestamp = (description: string) => NullableString(`${description} (YYYY-MM-DD HH:MM:SS UTC)`);

const personFields = {
  custom_id: NullableString('Your id of the employee'),
  email: Type.String(),
  first_name: NullableString(),
  last_name: NullableString(),
};

/** `{custom_id, email, first_name, last_name}` of an employee. */
export const Person = named('Person', Type.Object(personFields, { additionalProperties: false, description: 'An employee' }));

/** An employee with their team leader (null when they have none). */
export const PersonWithLeader = named(
  'PersonWithTeamLeader',
  Type.Object({ ...personFields, team_leader: Type.Union([ref(Person), Type.Null()], { description: 'Their team leader, null when they have none' }) }, { additionalProperties: false, description: 'An employee with their team leader' }),
);

export const ScorecardRef = named(
  'ScorecardSummary',
  Type.Object({ name: Type.String(), archived_at: UtcTimestamp('When the scorecard was archived') }, { additionalProperties: false, description: 'The scorecard a record was graded on' }),
);

const sectionFields = { question_text: Type.String(), section: NullableString('Section name'), section_weight: NullableNumber('Section weight') };

/** Questions keyed by question id, each with the chosen option keyed by option id (empty when unanswered). */
export const Questions = named('QaQuestionAnswers', Type.Record(
  Type.String(),
  Type.Object(
    {
      ...sectionFields,
      comment: NullableString(),
      selected_options: Type.Record(Type.String(), Type.Object({ option_text: Type.String(), score: Type.Number() }, { additionalProperties: false })),
    },
    { additionalProperties: false },
  ),
  { description: 'Questions keyed by question id, each with the chosen option keyed by option id (empty when unanswered)' },
));

const Groups = Type.Array(Type.String(), { description: "The employee's groups when the record was made" });

export const Review = named('QaReview', Type.Object(
  {
    uuid: Type.String(),
    interaction_id: NullableString(),
    interaction_url: NullableString(),
    completed_at: UtcTimestamp('When the review was completed'),
    created_at: UtcTimestamp('When the review was created'),
    started_at: UtcTimestamp('When the reviewer started'),
    count_toward_score: Type.Boolean(),
    score: NullableString('Score as a percentage, e.g. "100%"'),
    autofailed: Type.Boolean(),
    solicitation_id: NullableString('request_id of the feedback interaction reviewed'),
    sequence_id: Type.Integer(),
    scorecard: ref(ScorecardRef),
    employee: ref(PersonWithLeader),
    groups: Groups,
    reviewer: ref(Person),
    questions: ref(Questions),
  },
  { additionalProperties: false, description: 'A QA review' },
));

export const Audit = named('QaAudit', Type.Object(
  {
    uuid: Type.String(),
    audit_type: Type.String({ description: 'Audit or Calibration Audit' }),
    interaction_id: NullableString(),
    interaction_url: NullableString(),
    completed_at: Type.String({ description: 'When the audit was completed; empty while it is not' }),
    count_toward_score: Type.Boolean(),
    score: NullableNumber('Score in percent'),
    autofailed: Type.Boolean(),
    sequence_id: Type.Integer(),
    scorecard: ref(ScorecardRef),
    reviewer: ref(PersonWithLeader),
    groups: Groups,
    auditor: ref(Person),
    questions: ref(Questions),
    qa_review: ref(Review),
  },
  { additionalProperties: false, description: 'A QA audit of a completed review' },
));

const CalibrationQuestion = Type.Object(
  {
    ...sectionFields,
    question_alignment_score: NullableNumber('Share of participants who chose the reference option, in percent'),
    selected_option: Type.Object(
      { qa_option_id: Type.String(), option_text: Type.String(), score: NullableNumber() },
      { additionalProperties: false, description: 'The reference answer (empty strings and null when none is set)' },
    ),
    options: Type.Record(
      Type.String(),
      Type.Object(
        {
          option_text: Type.String(),
          score: Type.Number(),
          participants: Type.Array(Type.Object({ employee: ref(Person), comment: NullableString() }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Calibration = named('QaCalibration', Type.Object(
  {
    uuid: Type.String(),
    alignment_score: NullableNumber('Mean question alignment, in percent'),
    sequence_id: Type.Integer(),
    started_by: ref(Person),
    meeting_date: UtcTimestamp('When the meeting takes place'),
    interaction_id: NullableString(),
    interaction_url: NullableString(),
    participants: Type.Array(ref(Person)),
    notes: NullableString(),
    scorecard: ref(ScorecardRef),
    completed_at: UtcTimestamp('When the calibration was completed'),
    created_at: UtcTimestamp('When the calibration was created'),
    questions: Type.Record(Type.String(), CalibrationQuestion),
  },
  { additionalProperties: false, description: 'A QA calibration' },
));

/** The authoring view of a scorecard: the ids to answer with. */
export const ScorecardDetail = named('Scorecard', Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    archived_at: UtcTimestamp('When the scorecard was archived'),
    sections: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), weight: NullableNumber() }, { additionalProperties: false })),
    questions: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          section_id: Type.Union([Type.Integer(), Type.Null()]),
          text: Type.String(),
          options: Type.Array(
            Type.Object({ id: Type.Integer(), text: Type.String(), points: Type.Number(), na: Type.Boolean(), autofail: Type.Boolean() }, { additionalProperties: false }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: 'A scorecard with the ids of its sections, questions and options (to answer reviews with)' },
));
