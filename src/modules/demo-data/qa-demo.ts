import type { EmployeeRow } from '../../db/schema.ts';
import type { Services } from '../../services.ts';
import { operatorScope } from '../access/scope.ts';

const DEMO_SCORECARD = {
  name: 'Chat Form',
  sections: [
    {
      name: 'Empathy',
      weight: 60,
      questions: [
        { text: 'Did the agent make an empathy statement?', options: [{ text: 'Yes', points: 10 }, { text: 'No', points: 0 }, { text: 'N/A', na: true }] },
        { text: 'Did the agent address the customer by his/her first name?', options: [{ text: 'Yes', points: 5 }, { text: 'No', points: 0 }] },
      ],
    },
    {
      name: 'Resolution',
      weight: 40,
      questions: [
        { text: 'Was the issue resolved on first contact?', options: [{ text: 'Yes', points: 10 }, { text: 'Partly', points: 5 }, { text: 'No', points: 0 }] },
        { text: 'Was the customer verified before account changes?', options: [{ text: 'Yes', points: 10 }, { text: 'Not needed', na: true }, { text: 'No (data shared)', autofail: true }] },
      ],
    },
  ],
};

export interface QaDemoSummary {
  scorecards: number;
  reviews: number;
  audits: number;
  calibrations: number;
  coaching_sessions: number;
  integration: string;
  metric_records: number;
}

async function ensureEmployee(services: Services, companyId: number, email: string, input: { firstName: string; lastName: string; customId: string; role: string }): Promise<EmployeeRow> {
  const existing = await services.db.kysely.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('email_key', '=', email).executeTakeFirst();
  return existing ?? services.employees.add(companyId, { email, ...input });
}

const day = (offset: number) => new Date(Date.UTC(2025, 9, 1 + offset)).toISOString().slice(0, 10);

/**
 * Seeds a company with QA and coaching data through the services (every rule applies): a
 * weighted scorecard, reviews of each agent, audits, a calibration, a "wfm" metric integration
 * with two weeks of daily records, and 1:1 coaching sessions with action items, kudos and
 * attachments. Uses the company's team leader and agents, adding a QA reviewer and an admin
 * (and a team if the company has none). Run once per company: it adds, it does not replace.
 */
export async function seedQaDemo(services: Services, companyId: number, subdomain: string): Promise<QaDemoSummary> {
  const domain = `${subdomain}.example`;
  const employees = await services.db.kysely.selectFrom('employees').selectAll().where('company_id', '=', companyId).where('status', '=', 'active').orderBy('id').execute();
  const leader =
    employees.find((e) => e.role === 'Team Leader') ??
    (await ensureEmployee(services, companyId, `john.smith@${domain}`, { firstName: 'John', lastName: 'Smith', customId: 'jsmith', role: 'Team Leader' }));
  let agents = employees.filter((e) => e.role === 'Team Member [Default]');
  if (agents.length === 0) {
    agents = [
      await services.employees.add(companyId, { email: `harry.jackson@${domain}`, firstName: 'Harry', lastName: 'Jackson', customId: 'hjackson', teamLeaderId: leader.id }),
      await services.employees.add(companyId, { email: `priya.patel@${domain}`, firstName: 'Priya', lastName: 'Patel', customId: 'ppatel', teamLeaderId: leader.id }),
    ];
  }
  const reviewer = await ensureEmployee(services, companyId, `rita.reviewer@${domain}`, { firstName: 'Rita', lastName: 'Reviewer', customId: 'rreviewer', role: 'QA Reviewer' });
  const admin = await ensureEmployee(services, companyId, `ada.admin@${domain}`, { firstName: 'Ada', lastName: 'Admin', customId: 'aadmin', role: 'Admin' });
  const ref = (e: EmployeeRow) => ({ email: e.email });

  const scorecard = await services.qaScorecards.create(companyId, DEMO_SCORECARD);
  const pick = (answers: string[]) =>
    scorecard.questions.map((q, i) => ({ question_id: q.id, option_id: q.options.find((o) => o.text === answers[i])!.id, comment: i === 0 && answers[0] === 'Yes' ? 'Really connected with the customer!' : null }));
  const patterns = [
    ['Yes', 'Yes', 'Yes', 'Yes'],
    ['Yes', 'No', 'Partly', 'Not needed'],
    ['N/A', 'Yes', 'No', 'Yes'],
    ['No', 'No', 'Yes', 'No (data shared)'],
  ];
  const reviews = [];
  for (const [i, agent] of agents.entries()) {
    for (const [j, pattern] of patterns.entries()) {
      reviews.push(
        await services.qaReviews.create(companyId, {
          scorecard_id: scorecard.id,
          employee: ref(agent),
          reviewer: ref(j % 2 === 0 ? reviewer : leader),
          interaction_id: String(1000 + i * 10 + j),
          interaction_url: `https://${subdomain}.zendesk.com/tickets/${1000 + i * 10 + j}`,
          answers: pick(pattern),
          complete: true,
        }),
      );
    }
  }
  const audited = reviews.filter((r) => r.reviewer.email === reviewer.email).slice(0, 2);
  for (const [i, review] of audited.entries()) {
    await services.qaAudits.create(companyId, { qa_review_id: review.uuid, auditor: ref(admin), audit_type: i === 0 ? 'Audit' : 'Calibration Audit', answers: pick(patterns[1]), complete: true });
  }
  await services.qaCalibrations.create(companyId, {
    scorecard_id: scorecard.id,
    started_by: ref(reviewer),
    meeting_date: '2025-10-20T15:00:00Z',
    interaction_id: '1000',
    interaction_url: `https://${subdomain}.zendesk.com/tickets/1000`,
    notes: 'Agreed that a first-name greeting counts once per conversation.',
    participants: [reviewer, leader, admin].map((e, i) => ({ employee: ref(e), answers: pick(patterns[i === 2 ? 1 : 0]) })),
    selected_options: pick(patterns[0]).map((a) => ({ question_id: a.question_id, option_id: a.option_id! })),
    complete: true,
  });

  const integration = await services.externalMetrics.createIntegration(companyId, {
    id: 'wfm',
    name: 'Workforce management',
    metric_fields: ['tickets_closed', 'hours_worked'],
    employee_field: 'employee_id',
    employee_id_type: 'email',
    date_field: 'record_date',
  });
  let records = 0;
  for (const [i, agent] of agents.entries()) {
    for (let d = 0; d < 14; d++) {
      await services.externalMetrics.putRecord(companyId, integration.id, { employee_id: agent.email, record_date: day(d), tickets_closed: 10 + ((d * 7 + i * 3) % 9), hours_worked: 8 });
      records++;
    }
  }

  let sessions = 0;
  for (const agent of agents) {
    const agentReviews = reviews.filter((r) => r.employee.email === agent.email);
    await services.coaching.create(companyId, {
      coach: ref(leader),
      employee: ref(agent),
      title: 'Weekly 1:1 // October 7',
      action_items: [{ text: 'Complete the Empathy training module', category: 'Empathy & Friendliness', due_date: '2025-10-14T06:00:00Z' }],
      share: true,
    });
    const [item] = await services.coaching.listActionItems(operatorScope(await services.companies.requireBySubdomain(subdomain)), { employee_email: agent.email, status: 'open' });
    await services.coaching.create(companyId, {
      coach: ref(leader),
      employee: ref(agent),
      title: 'Weekly 1:1 // October 14',
      action_items: [{ text: 'Keep your speaking pace even and avoid speaking over the customer', category: 'Empathy & Friendliness' }],
      complete_action_items: item ? [item.uuid] : [],
      kudos: [{ text: 'Amazing work improving your QA score this week!' }],
      metric_attachments: [{ integration_id: 'wfm', metric: 'tickets_closed', name: 'Tickets closed', start_date: `${day(0)}T00:00:00Z`, end_date: `${day(6)}T00:00:00Z` }],
      qa_review_attachments: agentReviews.slice(0, 1).map((r) => ({ uuid: r.uuid, notes: 'Walk through question 2 together' })),
      share: true,
    });
    sessions += 2;
  }
  return { scorecards: 1, reviews: reviews.length, audits: audited.length, calibrations: 1, coaching_sessions: sessions, integration: integration.id, metric_records: records };
}
