import fs from 'node:fs';
import type { TestContext } from './test-app.ts';
import { createCompany, createEmployee } from './factories.ts';

/** A company with a team: a team leader (coach), a QA reviewer, an auditor (Admin), two agents. */
export async function qaCompany(ctx: TestContext) {
  const company = await createCompany(ctx.services);
  const s = company.subdomain;
  const leader = await createEmployee(ctx.services, company.id, { email: `john@${s}.example`, customId: 'jsmith', firstName: 'John', lastName: 'Smith', role: 'Team Leader' });
  const reviewer = await createEmployee(ctx.services, company.id, { email: `rita@${s}.example`, customId: 'rreviewer', firstName: 'Rita', lastName: 'Reviewer', role: 'QA Reviewer' });
  const admin = await createEmployee(ctx.services, company.id, { email: `ada@${s}.example`, customId: 'aadmin', firstName: 'Ada', lastName: 'Admin', role: 'Admin' });
  const agent = await createEmployee(ctx.services, company.id, { email: `harry@${s}.example`, customId: 'hjackson', firstName: 'Harry', lastName: 'Jackson', teamLeaderId: leader.id });
  const agent2 = await createEmployee(ctx.services, company.id, { email: `priya@${s}.example`, customId: 'ppatel', firstName: 'Priya', lastName: 'Patel', teamLeaderId: leader.id });
  return { company, leader, reviewer, admin, agent, agent2, api: ctx.as(company) };
}

/** A weighted two-section scorecard with N/A and autofail options. */
export const CHAT_FORM = {
  name: 'Chat Form',
  sections: [
    {
      name: 'Empathy',
      weight: 75,
      questions: [
        { text: 'Did the agent make an empathy statement?', options: [{ text: 'Yes', points: 10 }, { text: 'No', points: 0 }, { text: 'N/A', na: true }] },
        { text: 'Did the agent address the customer by first name?', options: [{ text: 'Yes', points: 5 }, { text: 'No', points: 0 }] },
      ],
    },
    {
      name: 'Compliance',
      weight: 25,
      questions: [{ text: 'Was the customer verified?', options: [{ text: 'Yes', points: 10 }, { text: 'No', points: 0 }, { text: 'Shared data unverified', autofail: true }] }],
    },
  ],
};

export function seedExample(name: string): any {
  return JSON.parse(fs.readFileSync(new URL(`../fixtures/seed/${name}.json`, import.meta.url), 'utf8'));
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const isIdMap = (value: Record<string, unknown>) => Object.keys(value).length > 0 && Object.keys(value).every((k) => /^\d+$/.test(k));

/**
 * Walks the seed example and a response together; returns every difference in keys or value
 * types. Maps keyed by ids (questions, options) compare each entry with the seed's first entry;
 * arrays compare each element with the seed's first. A null on either side matches any type
 * (nullable attributes); `extraKeys` lists keys documented in the seed's attribute tables.
 */
export function shapeDifferences(seed: unknown, ours: unknown, path = '$', extraKeys: string[] = []): string[] {
  if (seed === null || ours === null) return [];
  if (kind(seed) !== kind(ours)) return [`${path}: seed has ${kind(seed)}, response has ${kind(ours)}`];
  if (Array.isArray(seed)) {
    if (seed.length === 0) return [];
    return (ours as unknown[]).flatMap((item, i) => shapeDifferences(seed[0], item, `${path}[${i}]`, extraKeys));
  }
  if (kind(seed) !== 'object') return [];
  const s = seed as Record<string, unknown>;
  const o = ours as Record<string, unknown>;
  if (isIdMap(s)) {
    const first = Object.values(s)[0];
    const problems = Object.keys(o).filter((k) => !/^\d+$/.test(k)).map((k) => `${path}.${k}: key is not an id`);
    return [...problems, ...Object.entries(o).flatMap(([k, v]) => shapeDifferences(first, v, `${path}.${k}`, extraKeys))];
  }
  const problems: string[] = [];
  for (const key of Object.keys(s)) if (!(key in o)) problems.push(`${path}.${key}: missing in response`);
  for (const key of Object.keys(o)) if (!(key in s) && !extraKeys.includes(key)) problems.push(`${path}.${key}: not in the seed`);
  for (const key of Object.keys(s)) if (key in o) problems.push(...shapeDifferences(s[key], o[key], `${path}.${key}`, extraKeys));
  return problems;
}
