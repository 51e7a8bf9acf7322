import { Type, type Static } from '@sinclair/typebox';

/** Record fields are names of the client's own columns: letters, digits, _ - . */
const FieldName = (description: string) => Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.-]+$', description });

export const IntegrationBody = Type.Object(
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
  },
);

export const RecordBody = Type.Object(
  { record: Type.Record(Type.String(), Type.Unknown(), { description: 'The mapped fields: metrics, employee identifier and date' }) },
  { additionalProperties: false, examples: [{ record: { tickets_closed: '13', hours_worked: '16', record_date: '2021-06-29', employee_id: 'employee15@example.com' } }] },
);

export const IntegrationParams = Type.Object({ id: Type.String() });

export type IntegrationInput = Static<typeof IntegrationBody>;
export type RecordInput = Static<typeof RecordBody>;
