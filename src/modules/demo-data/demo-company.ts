import { randomBytes } from 'node:crypto';
import { hashPassword } from '../../lib/passwords.ts';
import { seedDemo } from './seed-demo.ts';
import { seedQaDemo } from './qa-demo.ts';
import type { Services } from '../../services.ts';
import { brandDemo, DEMO_BRANDS } from './demo-brands.ts';

const DEMO_EMPLOYEES = [
  { email: 'alice.jones@blancapeak.com', customId: '6592299', firstName: 'Alice', lastName: 'Jones', manageTeam: true, role: 'Team Leader', title: 'Customer Care Lead' },
  { email: 'samantha@blancapeak.com', customId: '6598260', firstName: 'Samantha', lastName: 'Reyes', title: 'Customer Care Specialist' },
  { email: 'john.smith@blancapeak.com', customId: '1471332', firstName: 'John', lastName: 'Smith', title: 'Gear Expert' },
  { email: 'priya.patel@blancapeak.com', customId: '1471400', firstName: 'Priya', lastName: 'Patel', title: 'Customer Care Specialist' },
];


/**
 * On an empty database, creates the "Blanca Peak" demo company with a team and prints
 * its credentials, the team leader's web app password, and a curl command that works as pasted against `url`. Does nothing otherwise.
 */
export async function bootstrapDemo(services: Services, url: string): Promise<void> {
  if ((await services.companies.count()) > 0) return;
  const company = await services.companies.create({
    name: 'Blanca Peak',
    subdomain: 'blancapeak',
    brands: Object.keys(DEMO_BRANDS),
    testEmail: 'qa@blancapeak.com',
  });
  await brandDemo(services, company.subdomain);
  const [leader, ...team] = DEMO_EMPLOYEES;
  // The team leader can sign in to the web app at once; the password is shown only now, like the keys.
  const password = randomBytes(12).toString('base64url');
  const lead = await services.employees.add(company.id, { ...leader, passwordHash: await hashPassword(password) });
  await services.employeeProfiles.setTitle(company.id, lead.id, leader.title);
  for (const employee of team) {
    const added = await services.employees.add(company.id, { ...employee, teamLeaderId: lead.id });
    await services.employeeProfiles.setTitle(company.id, added.id, employee.title);
  }
  await seedDemo(services.db, await services.companies.requireBySubdomain(company.subdomain), { interactions: 300 });
  await seedQaDemo(services, company.id, company.subdomain);

  const body = JSON.stringify({
    customer: { custom_id: 'simone123', name: 'Simone', email: 'simone@example.com' },
    employee: { custom_id: '6598260', email: 'samantha@blancapeak.com' },
    channel: 'chat',
    ext_interaction_id: '49288523',
    tags: ['orders'],
    brand: 'blancakids',
    country: 'us',
  });
  const lines = [
    '',
    'Demo company "Blanca Peak" created (DEMO=false turns this off). Its credentials are shown only now:',
    `  production API key: ${company.api_key}`,
    `  test API key:       ${company.test_api_key}`,
    `  API secret:         ${company.api_secret}`,
    '',
    `Sign in to the web app at ${url}/login as the team leader:`,
    `  email:    ${leader.email}`,
    `  password: ${password}`,
    '',
    'Create a feedback request:',
    `  curl -s -X POST ${url}/v1/requests \\`,
    `    -H 'x-api-key: ${company.api_key}' -H 'Content-Type: application/json' \\`,
    `    -d '${body}'`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
