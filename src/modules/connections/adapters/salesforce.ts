import type { Connection, HelpdeskAdapter, RequestDraft } from '../connection.types.ts';
import { SECRET_HEADER, sharedSecretProblem } from './shared-secret.ts';

/** The External Credential, its authentication parameter and the Named Credential the recipe creates. */
const CREDENTIAL = 'AgentConnect';
const PARAMETER = 'Secret';

/**
 * The flat JSON a Flow or Apex callout posts when a Case closes. Keys are ours; values are the
 * Case's fields (Flow merge fields in the comments of the set-up guide).
 */
export interface SalesforceCaseEvent {
  case_id: string;
  case_number?: string;
  status: string;
  contact_email?: string;
  contact_name?: string;
  owner_email?: string;
  origin?: string;
  brand?: string;
  /** A multi-select picklist or text field: values separated by `;`, `,` or spaces. */
  tags?: string | string[];
  case_url?: string;
  language?: string;
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function tags(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((tag): tag is string => typeof tag === 'string' && tag.trim() !== '').map((tag) => tag.trim());
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.split(/[;,\s]+/).filter(Boolean);
}

const APEX = `public with sharing class AgentConnectCaseClosed {
    /** Called by the record-triggered flow (asynchronous path) when Cases close. */
    @InvocableMethod(label='Send closed Case to Agent Connect' callout=true)
    public static void send(List<Id> caseIds) {
        for (Case c : [
            SELECT Id, CaseNumber, Status, Origin, Contact.Email, Contact.Name, Owner.Email
            FROM Case WHERE Id IN :caseIds
        ]) {
            Map<String, Object> body = new Map<String, Object>{
                'case_id' => c.Id,
                'case_number' => c.CaseNumber,
                'status' => c.Status,
                'contact_email' => c.Contact.Email,
                'contact_name' => c.Contact.Name,
                'owner_email' => c.Owner.Email,
                'origin' => c.Origin,
                // 'brand' => c.Brand__c,   // if you have several brands
                // 'tags' => c.Tags__c,     // a text or multi-select picklist field; do_not_send suppresses the survey
                'case_url' => URL.getOrgDomainUrl().toExternalForm() + '/' + c.Id
            };
            HttpRequest request = new HttpRequest();
            request.setEndpoint('callout:${CREDENTIAL}');
            request.setMethod('POST');
            request.setHeader('Content-Type', 'application/json');
            request.setBody(JSON.serialize(body));
            HttpResponse response = new Http().send(request);
            if (response.getStatusCode() >= 500) {
                System.debug(LoggingLevel.WARN, 'Agent Connect answered ' + response.getStatusCode() + ' for Case ' + c.CaseNumber);
            }
        }
    }
}`;

const FLOW_BODY = `{
  "case_id": "{!$Record.Id}",
  "case_number": "{!$Record.CaseNumber}",
  "status": "{!$Record.Status}",
  "contact_email": "{!$Record.Contact.Email}",
  "contact_name": "{!$Record.Contact.Name}",
  "owner_email": "{!$Record.Owner:User.Email}",
  "origin": "{!$Record.Origin}",
  "brand": "{!$Record.Brand__c}",
  "tags": "{!$Record.Tags__c}"
}`;

/**
 * Salesforce Service Cloud: a record-triggered Flow (or Apex) posts the Case as flat JSON when it
 * closes, through a Named Credential whose External Credential adds the connection secret as the
 * X-Agent-Connect-Secret header. The Case Id is the event key; a Case that is not Closed is skipped.
 */
export const salesforceAdapter: HelpdeskAdapter = {
  kind: 'salesforce',
  label: 'Salesforce',
  secretSource: 'ours',
  needsApi: false,
  validate: () => [],
  verify: (connection, event) => sharedSecretProblem(connection, event),
  read(_connection, event) {
    const body = (typeof event.body === 'object' && event.body !== null && !Array.isArray(event.body) ? event.body : {}) as Record<string, unknown>;
    const caseId = field(body, 'case_id');
    const status = field(body, 'status');
    if (!caseId) return { action: 'skip', eventType: 'case', reason: 'no case_id in the body (see the set-up guide for the JSON to send)' };
    if (!status || status.toLowerCase() !== 'closed') return { action: 'skip', eventType: `case.${status?.toLowerCase() ?? 'unknown'}`, reason: `the Case status is ${status ?? 'missing'}, not Closed` };
    const draft: RequestDraft = {
      customer: { email: field(body, 'contact_email'), name: field(body, 'contact_name') },
      employee: { email: field(body, 'owner_email') },
      channel: field(body, 'origin'),
      brand: field(body, 'brand'),
      tags: tags(body.tags),
      ext_interaction_id: field(body, 'case_number') ?? caseId,
      external_url: field(body, 'case_url'),
      language: field(body, 'language'),
    };
    return { action: 'request', eventType: 'case.closed', eventKey: caseId, draft };
  },
  apiHeaders: () => ({}),
  setup(connection: Connection, inboundUrl: string) {
    const secret = connection.signingSecret ?? '<the connection secret>';
    return {
      steps: [
        `In Setup → Named Credentials → External Credentials, click New: Label "Agent Connect", Name ${CREDENTIAL}, Authentication Protocol "Custom". Save.`,
        `In the External Credential, add a Principal (Named Principal, e.g. "${CREDENTIAL}Principal") with an Authentication Parameter named ${PARAMETER} whose value is the connection secret: ${secret}`,
        `In the External Credential, add a Custom Header: Name ${SECRET_HEADER}, Value {!$Credential.${CREDENTIAL}.${PARAMETER}}.`,
        `In Setup → Permission Sets, give the user the callout runs as (the flow's running user) External Credential Principal Access to ${CREDENTIAL} - ${CREDENTIAL}Principal.`,
        `In Setup → Named Credentials, click New: Label "Agent Connect", Name ${CREDENTIAL}, URL ${inboundUrl}, External Credential ${CREDENTIAL}; tick "Allow Formulas in HTTP Header", untick "Generate Authorization Header".`,
        'Add the Apex class below (or build the same JSON with a Flow "HTTP Callout" action, POST to the Named Credential with the body below).',
        'Create a record-triggered Flow on Case, "A record is updated", entry condition Status Equals Closed ("Only when a record is updated to meet the condition requirements"), and in its "Run Asynchronously" path add the Apex action "Send closed Case to Agent Connect" with the Case Id.',
        "The Case Owner must be an active employee of yours (by email) and the Case Origin one of your channels (Email, Chat, Phone...: matched ignoring case). A Case tagged do_not_send is recorded but gets no survey.",
        'Close a test Case, then check the Connections page (or agent-connect connection show): the event shows what became of it. A Case closed again is a redelivery and sends nothing.',
      ],
      snippets: [
        { label: 'Custom header on the External Credential', language: 'text', text: `${SECRET_HEADER}: {!$Credential.${CREDENTIAL}.${PARAMETER}}` },
        { label: 'Apex class AgentConnectCaseClosed', language: 'apex', text: APEX },
        { label: 'JSON body (Flow HTTP Callout; Brand__c and Tags__c optional)', language: 'json', text: FLOW_BODY },
      ],
    };
  },
  sample: (person) =>
    ({
      case_id: '5005g00000AbCdEAAV',
      case_number: '00001026',
      status: 'Closed',
      contact_email: person.email,
      contact_name: person.name,
      owner_email: person.email,
      origin: 'Email',
      tags: 'sample',
      case_url: 'https://example.my.salesforce.com/5005g00000AbCdEAAV',
    }) satisfies SalesforceCaseEvent,
};
