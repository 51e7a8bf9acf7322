import fc from 'fast-check';

/*
 * The specification of who sees whose feedback, stated directly on an org chart, independent of
 * the code under test (access/scope.ts, policy.ts, the employees repository). The policy's unit
 * property test and the app endpoints' property test both check against it.
 */

/** A person of a generated chart, as the specification needs them. */
export interface ModelPerson {
  id: number;
  companyId: number;
  /** Every team leader (ids of employees of the same company). */
  teamLeaderIds: readonly number[];
  /** Their role is an admin role. */
  admin: boolean;
  permissions: readonly string[];
  /** Groups they are a member of / report on (ids or names; compared within one company). */
  memberOf: readonly (number | string)[];
  reportsOn: readonly (number | string)[];
}

/** Whether `viewer` may read the feedback of employee `employeeId`. */
export function modelSees(people: readonly ModelPerson[], viewer: ModelPerson, employeeId: number): boolean {
  const employee = people.find((p) => p.id === employeeId);
  if (!employee || employee.companyId !== viewer.companyId) return false;
  if (viewer.admin || viewer.permissions.includes('view_all_feedback')) return true;
  return employee.id === viewer.id || employee.teamLeaderIds.includes(viewer.id) || employee.memberOf.some((g) => viewer.reportsOn.includes(g));
}

/** The viewer's team: the employees of their company any of whose team leaders is them, ascending. */
export function modelTeam(people: readonly ModelPerson[], viewer: ModelPerson): number[] {
  return people.filter((p) => p.companyId === viewer.companyId && p.teamLeaderIds.includes(viewer.id)).map((p) => p.id).sort((a, b) => a - b);
}

/** One person of a generated chart before ids exist: leaders are indexes of earlier colleagues. */
export interface ChartPerson {
  index: number;
  /** 0 or 1. */
  company: number;
  /** Indexes of earlier people of the same company (no loops), possibly several. */
  leaders: number[];
  role: string;
  permissions: string[];
  memberOf: string[];
  reportsOn: string[];
}

export interface OrgChart {
  people: ChartPerson[];
  /** Interactions of people (indexes); test ones belong to the test key's sandbox. */
  interactions: { who: number; isTest: boolean; stars: number }[];
}

export interface ChartOptions {
  roles: readonly string[];
  permissions: readonly string[];
  groups: readonly string[];
  maxPeople: number;
  maxInteractions: number;
}

/** Org charts of two companies: roles, permissions, several team leaders each, groups to be in and to report on. */
export function orgChart(options: ChartOptions): fc.Arbitrary<OrgChart> {
  return fc
    .record({
      people: fc.array(
        fc.record({
          company: fc.constantFrom(0, 1),
          leaders: fc.array(fc.nat(), { maxLength: 3 }),
          role: fc.constantFrom(...options.roles),
          permissions: fc.subarray([...options.permissions]),
          memberOf: fc.subarray([...options.groups]),
          reportsOn: fc.subarray([...options.groups], { maxLength: 1 }),
        }),
        { minLength: 2, maxLength: options.maxPeople },
      ),
      interactions: fc.array(fc.record({ who: fc.nat(), isTest: fc.boolean(), stars: fc.integer({ min: 1, max: 5 }) }), { maxLength: options.maxInteractions }),
    })
    .map(({ people, interactions }) => {
      const chart: ChartPerson[] = [];
      people.forEach((p, index) => {
        const colleagues = chart.filter((other) => other.company === p.company);
        const leaders = colleagues.length === 0 ? [] : [...new Set(p.leaders.map((n) => colleagues[n % colleagues.length].index))];
        chart.push({ index, company: p.company, leaders, role: p.role, permissions: p.permissions, memberOf: p.memberOf, reportsOn: p.reportsOn });
      });
      return { people: chart, interactions: interactions.map((i) => ({ ...i, who: i.who % chart.length })) };
    });
}
