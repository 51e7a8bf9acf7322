import { createHash } from 'node:crypto';
import type { Connection, HelpdeskAdapter, InboundEvent, Mapping, RequestDraft } from '../connection.types.ts';
import { pointerProblem, resolvePointer } from '../json-pointer.ts';
import { sharedSecretProblem } from './shared-secret.ts';

/** The feedback-request fields a mapping can fill (besides `custom_properties.<key>`). */
export const MAPPABLE_FIELDS = [
  'customer.email',
  'customer.name',
  'customer.custom_id',
  'employee.email',
  'employee.custom_id',
  'channel',
  'brand',
  'tags',
  'ext_interaction_id',
  'external_url',
  'language',
  'country',
  'do_not_send',
] as const;

const CUSTOM_PROPERTY = /^custom_properties\.[^.\s]{1,100}$/;

/** The example the set-up guide shows (and the sample body follows when the connection has no mapping). */
export const EXAMPLE_MAPPING: Mapping = {
  fields: {
    'customer.email': '/ticket/requester/email',
    'customer.name': '/ticket/requester/name',
    'employee.email': '/ticket/assignee/email',
    ext_interaction_id: '/ticket/id',
    channel: '/ticket/channel',
    tags: '/ticket/tags',
    external_url: '/ticket/url',
  },
  when: { pointer: '/ticket/status', equals: 'closed' },
};

/**
 * The mapping as stored, from the mapping file's object: fields by name, `when` apart. Shapes are
 * checked by `validate`, so anything goes through.
 */
export function mappingFromInput(input: Record<string, unknown>): Mapping {
  const { when, ...fields } = input;
  return { fields: fields as Mapping['fields'], ...(when === undefined ? {} : { when: when as Mapping['when'] }) };
}

/** The mapping file's object from the stored mapping. */
export function mappingToInput(mapping: Mapping): Record<string, unknown> {
  return { ...mapping.fields, ...(mapping.when ? { when: mapping.when } : {}) };
}

/** Problems with a mapping, each naming its field as `mapping.<field>`. */
export function mappingProblems(mapping: Mapping | undefined): string[] {
  if (!mapping || Object.keys(mapping.fields).length === 0) return ['mapping is required for a generic connection (a JSON object from request fields to JSON Pointers)'];
  const problems: string[] = [];
  for (const [field, source] of Object.entries(mapping.fields)) {
    if (!(MAPPABLE_FIELDS as readonly string[]).includes(field) && !CUSTOM_PROPERTY.test(field)) {
      problems.push(`mapping.${field} is not a feedback-request field (use one of: ${MAPPABLE_FIELDS.join(', ')}, custom_properties.<key>)`);
      continue;
    }
    if (typeof source === 'string') {
      const problem = pointerProblem(source);
      if (problem) problems.push(`mapping.${field} ${problem}`);
    } else if (typeof source !== 'object' || source === null || Array.isArray(source) || !('const' in source) || Object.keys(source).length !== 1) {
      problems.push(`mapping.${field} must be a JSON Pointer string or {"const": value}`);
    }
  }
  if (!('employee.email' in mapping.fields) && !('employee.custom_id' in mapping.fields)) problems.push('mapping must map employee.email or employee.custom_id (the agent)');
  const when = mapping.when as unknown;
  if (when !== undefined) {
    const ok = typeof when === 'object' && when !== null && typeof (when as { pointer?: unknown }).pointer === 'string' && 'equals' in when;
    if (!ok) problems.push('mapping.when must be {"pointer": "/status", "equals": value}');
    else {
      const problem = pointerProblem((when as unknown as { pointer: string }).pointer);
      if (problem) problems.push(`mapping.when.pointer ${problem}`);
    }
  }
  return problems;
}

function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function tagList(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(scalarText).filter((tag): tag is string => tag !== undefined);
  const text = scalarText(value);
  return text === undefined ? undefined : text.split(/[\s,]+/).filter(Boolean);
}

function truthy(value: unknown): boolean {
  return value === true || value === 1 || (typeof value === 'string' && ['true', 'yes', '1'].includes(value.trim().toLowerCase()));
}

/** The request the body makes under the mapping. */
export function draftFromMapping(mapping: Mapping, body: unknown): RequestDraft {
  const draft: RequestDraft = { customer: {}, employee: {} };
  for (const [field, source] of Object.entries(mapping.fields)) {
    const value = typeof source === 'string' ? resolvePointer(body, source) : source.const;
    if (value === undefined || value === null) continue;
    if (field === 'tags') {
      const tags = tagList(value);
      if (tags) draft.tags = tags;
    } else if (field === 'do_not_send') {
      draft.do_not_send = truthy(value);
    } else if (field.startsWith('custom_properties.')) {
      const text = scalarText(value);
      if (text !== undefined) draft.custom_properties = { ...draft.custom_properties, [field.slice('custom_properties.'.length)]: text };
    } else {
      const text = scalarText(value);
      if (text === undefined) continue;
      const [head, tail] = field.split('.') as [string, string | undefined];
      if (head === 'customer' && tail) draft.customer[tail as keyof RequestDraft['customer']] = text;
      else if (head === 'employee' && tail) draft.employee[tail as keyof RequestDraft['employee']] = text;
      else (draft as unknown as Record<string, string>)[head] = text;
    }
  }
  return draft;
}

/** Sets `value` at the pointer in `target`, making objects on the way (for sample bodies). */
function place(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const tokens = pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = target;
  tokens.forEach((token, i) => {
    if (i === tokens.length - 1) node[token] = value;
    else {
      if (typeof node[token] !== 'object' || node[token] === null) node[token] = {};
      node = node[token] as Record<string, unknown>;
    }
  });
}

function sampleFor(mapping: Mapping, person: { email: string; name: string }): unknown {
  const values: Record<string, unknown> = {
    'customer.email': person.email,
    'customer.name': person.name,
    'customer.custom_id': 'C-1001',
    'employee.email': person.email,
    'employee.custom_id': 'A-1',
    channel: 'email',
    tags: ['sample'],
    ext_interaction_id: 'T-1001',
    external_url: 'https://helpdesk.example.com/tickets/T-1001',
    do_not_send: false,
  };
  const body: Record<string, unknown> = {};
  for (const [field, source] of Object.entries(mapping.fields)) {
    if (typeof source === 'string' && source !== '' && pointerProblem(source) === null) place(body, source, values[field] ?? 'sample');
  }
  const when = mapping.when;
  if (when && typeof when.pointer === 'string' && when.pointer !== '' && pointerProblem(when.pointer) === null) place(body, when.pointer, when.equals);
  return body;
}

function eventKey(event: InboundEvent, draft: RequestDraft): string {
  return draft.ext_interaction_id ?? `sha256:${createHash('sha256').update(event.rawBody).digest('hex')}`;
}

/**
 * Any system that can POST JSON (Zapier, Make, in-house tools): a mapping from the body to the
 * request, authenticated by a secret we generate, sent as a header.
 */
export const genericAdapter: HelpdeskAdapter = {
  kind: 'generic',
  label: 'Generic webhook',
  secretSource: 'ours',
  needsApi: false,
  validate: (connection) => mappingProblems(connection.options.mapping),
  verify: (connection, event) => sharedSecretProblem(connection, event),
  read(connection, event) {
    const mapping = connection.options.mapping ?? { fields: {} };
    if (mapping.when) {
      const actual = resolvePointer(event.body, mapping.when.pointer);
      if (JSON.stringify(actual) !== JSON.stringify(mapping.when.equals)) {
        return { action: 'skip', eventType: 'event', reason: `${mapping.when.pointer} is ${actual === undefined ? 'missing' : JSON.stringify(actual)}, not ${JSON.stringify(mapping.when.equals)}` };
      }
    }
    const draft = draftFromMapping(mapping, event.body);
    return { action: 'request', eventType: 'event', eventKey: eventKey(event, draft), draft };
  },
  apiHeaders: () => ({}),
  setup(connection: Connection, inboundUrl: string) {
    const secret = connection.signingSecret ?? '<the connection secret>';
    const mapping = connection.options.mapping ?? EXAMPLE_MAPPING;
    return {
      steps: [
        `In the sending system (Zapier, Make, your own code), make it POST a JSON body to ${inboundUrl} when a ticket or conversation closes.`,
        'Authenticate every request with the connection secret, in the header X-Agent-Connect-Secret (or as Authorization: Bearer <secret>). Requests without it are refused with 401.',
        'The mapping says where each feedback-request field is in the body (JSON Pointers such as /ticket/requester/email, or {"const": value}); "when" decides which events make a request (others are answered 202 and logged as skipped).',
        'ext_interaction_id identifies the event: a second POST with the same one is a redelivery and sends nothing. Without it, identical bodies count as the same event.',
        'Paste a sample body into a dry run (agent-connect connection test --dry-run, or the Connections page) to see the request it would make.',
      ],
      snippets: [
        { label: 'Request', language: 'http', text: `POST ${inboundUrl}\nContent-Type: application/json\nX-Agent-Connect-Secret: ${secret}` },
        { label: 'Mapping', language: 'json', text: JSON.stringify(mappingToInput(mapping), null, 2) },
        { label: 'Example body', language: 'json', text: JSON.stringify(sampleFor(mapping, { email: 'customer@example.com', name: 'Casey Customer' }), null, 2) },
      ],
    };
  },
  sample: (person, connection) => sampleFor(connection?.options.mapping ?? EXAMPLE_MAPPING, person),
};
