import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { can, interactionFilter, type InteractionScopeFilter } from '../src/modules/access/policy.ts';
import { apiKeyScope, employeeScope, type Scope } from '../src/modules/access/scope.ts';
import type { Company } from '../src/modules/companies/companies.repository.ts';
import type { EmployeeReach } from '../src/modules/access/scope.ts';
import { CAPABILITIES, PERMISSION_NAMES } from '../src/modules/access/permissions.ts';
import { modelSees, modelTeam, type ModelPerson } from './helpers/org-chart.ts';

// Generated org charts of two companies: employees with (several) team leaders, roles, permissions and
// groups (members and reporters), and interactions (production and test) by random employees.

interface Person {
  id: number;
  companyId: number;
  teamLeaderIds: number[];
  role: string;
  permissions: string[];
  memberOf: number[];
  reportsOn: number[];
}

interface Interaction {
  companyId: number;
  employeeId: number;
  isTest: boolean;
}

interface OrgChart {
  companies: Company[];
  roles: Map<string, string[]>;
  people: Person[];
  interactions: Interaction[];
}

const COMPANY_IDS = [1, 2];
const ROLE_NAMES = ['Team Member [Default]', 'Team Leader', 'QA Reviewer', 'Admin', 'Custom'];
const GROUP_IDS = [11, 12, 13, 21, 22];

function company(id: number): Company {
  return { id, name: `Company ${id}`, subdomain: `co${id}`, testEmail: null, channels: [], languages: [], settings: {} as Company['settings'], brands: [], apiSecret: 'secret' };
}

const orgChart: fc.Arbitrary<OrgChart> = fc
  .record({
    roles: fc.tuple(...ROLE_NAMES.map(() => fc.subarray([...CAPABILITIES]))),
    people: fc.array(
      fc.record({
        companyId: fc.constantFrom(...COMPANY_IDS),
        leaders: fc.array(fc.nat(), { maxLength: 3 }),
        role: fc.constantFrom(...ROLE_NAMES, 'Unknown role'),
        permissions: fc.subarray([...PERMISSION_NAMES, 'not_a_permission']),
        memberOf: fc.subarray(GROUP_IDS),
        reportsOn: fc.subarray(GROUP_IDS),
      }),
      { minLength: 1, maxLength: 14 },
    ),
    interactions: fc.array(fc.record({ who: fc.nat(), isTest: fc.boolean() }), { maxLength: 40 }),
  })
  .map(({ roles, people, interactions }) => {
    const persons: Person[] = [];
    people.forEach((p, index) => {
      // Team leaders are earlier employees of the same company: the chart has no loops.
      const colleagues = persons.filter((other) => other.companyId === p.companyId);
      const teamLeaderIds = colleagues.length === 0 ? [] : [...new Set(p.leaders.map((n) => colleagues[n % colleagues.length].id))];
      // Groups belong to one company: 1x to company 1, 2x to company 2.
      const own = (groups: number[]) => groups.filter((g) => Math.floor(g / 10) === p.companyId);
      persons.push({ id: 100 + index, companyId: p.companyId, teamLeaderIds, role: p.role, permissions: p.permissions, memberOf: own(p.memberOf), reportsOn: own(p.reportsOn) });
    });
    return {
      companies: COMPANY_IDS.map(company),
      roles: new Map(ROLE_NAMES.map((name, i) => [name, roles[i] as string[]])),
      people: persons,
      interactions: interactions.map(({ who, isTest }) => {
        const person = persons[who % persons.length];
        return { companyId: person.companyId, employeeId: person.id, isTest };
      }),
    };
  });

/** What the employees repository's `reach` loads, computed from the chart. */
function reachOf(chart: OrgChart, person: Person): EmployeeReach {
  const colleagues = chart.people.filter((p) => p.companyId === person.companyId);
  return {
    teamMemberIds: colleagues.filter((p) => p.teamLeaderIds.includes(person.id)).map((p) => p.id),
    reportingGroupIds: person.reportsOn,
    reportingGroupMemberIds: colleagues.filter((p) => p.memberOf.some((g) => person.reportsOn.includes(g))).map((p) => p.id),
  };
}

function scopeOf(chart: OrgChart, person: Person): Scope {
  const row = { id: person.id, company_id: person.companyId, permissions: JSON.stringify(person.permissions) };
  const capabilities = chart.roles.get(person.role);
  return employeeScope(chart.companies[person.companyId - 1], row, capabilities && { capabilities }, reachOf(chart, person));
}

function modelOf(chart: OrgChart, person: Person): ModelPerson {
  return { ...person, admin: (chart.roles.get(person.role) ?? []).includes('admin') };
}

/** The specification (helpers/org-chart.ts), stated directly on the chart: whose feedback a person may read. */
function seesFeedbackOf(chart: OrgChart, viewer: Person, employeeId: number): boolean {
  return modelSees(chart.people.map((p) => modelOf(chart, p)), modelOf(chart, viewer), employeeId);
}

/** How a repository applies the filter (data-return repository `interactionsAfter`). */
function admits(companyId: number, filter: InteractionScopeFilter, interaction: Interaction): boolean {
  return interaction.companyId === companyId && interaction.isTest === filter.isTest && (filter.employeeIds === undefined || filter.employeeIds.includes(interaction.employeeId));
}

function readable(scope: Scope, interaction: Interaction): boolean {
  return can(scope, 'read-feedback', interaction);
}

describe('access policy over generated org charts', () => {
  it("an employee's scope admits exactly the interactions of the employees in it, never another's or another company's", () => {
    fc.assert(
      fc.property(orgChart, (chart) => {
        for (const person of chart.people) {
          const scope = scopeOf(chart, person);
          const filter = interactionFilter(scope);
          assert.equal(filter.isTest, false, 'people see production data');
          assert.ok(filter.employeeIds === undefined || filter.employeeIds.length > 0);
          for (const interaction of chart.interactions) {
            const expected = !interaction.isTest && seesFeedbackOf(chart, person, interaction.employeeId);
            assert.equal(admits(person.companyId, filter, interaction), expected, `filter, viewer ${person.id}, interaction of ${interaction.employeeId}`);
            assert.equal(readable(scope, interaction), expected, `can, viewer ${person.id}, interaction of ${interaction.employeeId}`);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a leader's team is every employee any of whose team leaders is them", () => {
    fc.assert(
      fc.property(orgChart, (chart) => {
        const model = chart.people.map((p) => modelOf(chart, p));
        for (const person of chart.people) {
          const scope = scopeOf(chart, person);
          assert.ok(scope.actor.kind === 'employee');
          assert.deepEqual([...scope.actor.teamMemberIds].sort((a, b) => a - b), modelTeam(model, modelOf(chart, person)));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reviewing and coaching need the role capability and the employee in scope; company actions their permission', () => {
    fc.assert(
      fc.property(orgChart, (chart) => {
        for (const person of chart.people) {
          const scope = scopeOf(chart, person);
          const capabilities = chart.roles.get(person.role) ?? [];
          const admin = capabilities.includes('admin');
          for (const other of chart.people) {
            const resource = { companyId: other.companyId, employeeId: other.id };
            const sees = seesFeedbackOf(chart, person, other.id);
            assert.equal(can(scope, 'review', resource), sees && (admin || capabilities.includes('can_review')));
            assert.equal(can(scope, 'coach', resource), sees && (admin || capabilities.includes('can_coach')));
          }
          for (const { id } of chart.companies) {
            const own = id === person.companyId;
            assert.equal(can(scope, 'manage-employees', { companyId: id }), own && (admin || person.permissions.includes('manage_users')));
            assert.equal(can(scope, 'manage-settings', { companyId: id }), own && (admin || person.permissions.includes('manage_settings')));
            assert.equal(can(scope, 'export', { companyId: id }), own && (admin || person.permissions.includes('view_exports')));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("an API key's scope is its whole company, the test key's its test data only", () => {
    fc.assert(
      fc.property(orgChart, fc.constantFrom(...COMPANY_IDS), fc.constantFrom('production' as const, 'test' as const), (chart, companyId, keyKind) => {
        const scope = apiKeyScope(chart.companies[companyId - 1], keyKind);
        assert.equal(scope.testOnly, keyKind === 'test');
        const filter = interactionFilter(scope);
        assert.deepEqual(filter, { isTest: keyKind === 'test' });
        for (const interaction of chart.interactions) {
          const expected = interaction.companyId === companyId && interaction.isTest === (keyKind === 'test');
          assert.equal(admits(companyId, filter, interaction), expected);
          assert.equal(readable(scope, interaction), expected);
          const inCompany = interaction.companyId === companyId;
          assert.equal(can(scope, 'review', { companyId: interaction.companyId, employeeId: interaction.employeeId }), inCompany && keyKind === 'production');
          assert.equal(can(scope, 'export', { companyId: interaction.companyId }), inCompany);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('refuses to build the scope of an employee of another company', () => {
    const reach = { teamMemberIds: [], reportingGroupIds: [], reportingGroupMemberIds: [] };
    assert.throws(() => employeeScope(company(1), { id: 5, company_id: 2, permissions: '[]' }, undefined, reach));
  });
});
