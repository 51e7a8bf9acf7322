import { Type, type Static } from '@sinclair/typebox';
import { named, ref } from '../../plugins/named-schemas.ts';
import { Person, UtcTimestamp } from '../qa/qa.responses.ts';

/** Record fields are names of the client's own columns: letters, digits, _ - . */
const FieldName = (description: string) => Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$', description });

export const IntegrationBody = named('IntegrationInput', Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'The :id of /v2/integrations/:id/records; defaults to one derived from the name' })),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    metric_fields: Type.Array(FieldName('A record field holding a numeric metric'), { minItems: 1, maxItems: 50 }),
    employee_field: FieldName('The record field naming the employee'),
    employee_id_type: Type.Union([Type.Literal('email'), Type.Literal('custom_id')], { description: 'How employee_field names the employee' }),
    date_field: FieldName('The record field holding the YYYY-MM-DD date'),
  },
  {
    additionalProperties: false,
    examples: [{ id: 'wfm', name: 'WFM', metric_fields: ['tickets_closed', 'hours_worked'], employee_field: 'employee_id', employee_id_type: 'email', date_field: 'record_date' }],
    description: 'A metric integration: which fields of its records hold the metrics, the employee and the date',
  },
));

export const RecordBody = named(
  'MetricRecordInput',
  Type.Object(
    { record: Type.Record(Type.String(), Type.Unknown(), { description: 'The mapped fields: metrics, employee identifier and date' }) },
    {
      additionalProperties: false,
      description: 'A record of an integration: one employee and date',
      examples: [{ record: { tickets_closed: '13', hours_worked: '16', record_date: '2021-06-29', employee_id: 'employee15@example.com' } }],
    },
  ),
);

export const IntegrationParams = Type.Object({ id: Type.String({ description: 'The id of the integration' }) });

export type IntegrationInput = Static<typeof IntegrationBody>;
export type RecordInput = Static<typeof RecordBody>;

export const Integration = named('Integration', Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    metric_fields: Type.Array(Type.String()),
    employee_field: Type.String(),
    employee_id_type: Type.String({ enum: ['email', 'custom_id'], description: 'How employee_field names the employee' }),
    date_field: Type.String(),
    created_at: UtcTimestamp('When the integration was configured'),
  },
  { additionalProperties: false, description: 'A metric integration' },
));

export const MetricRecord = named('MetricRecord', Type.Object(
  {
    integration_id: Type.String(),
    sequence_id: Type.Integer(),
    record: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'The record as stored: metrics as numbers, the employee identifier and the date' }),
    employee: ref(Person),
    created_at: UtcTimestamp('When the record was first received'),
    updated_at: UtcTimestamp('When it was last changed'),
  },
  { additionalProperties: false, description: 'A record of an integration: metrics of one employee on one date' },
));
