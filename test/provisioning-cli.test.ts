import { runCli } from './helpers/cli.ts';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';


let database: TestDatabase;
let env: Record<string, string>;
before(async () => {
  database = await createTestDatabase();
  env = { ...process.env, DATABASE_URL: database.url, DATA_DIR: database.dataDir, LOG_LEVEL: 'silent', DEMO: 'false' } as Record<string, string>;
});
after(() => database.drop());

const cli = (...args: string[]) => runCli(env, ...args);

describe('agent-connect role, group and permission commands', () => {
  it('lists the default roles, adds roles and groups, lists permissions', async () => {
    assert.equal((await cli('company', 'create', '--name', 'Blanca Peak', '--subdomain', 'blancapeak', '--json')).code, 0);
    const roles = await cli('role', 'list', '--company', 'blancapeak', '--json');
    assert.equal(roles.code, 0, roles.stderr);
    assert.deepEqual(JSON.parse(roles.stdout), [
      { name: 'Team Member [Default]', capabilities: [] },
      { name: 'Team Leader', capabilities: ['can_review', 'can_coach'] },
      { name: 'QA Reviewer', capabilities: ['can_review', 'can_audit', 'can_calibrate'] },
      { name: 'Admin', capabilities: ['admin', 'can_review', 'can_coach', 'can_audit', 'can_calibrate'] },
    ]);
    const added = await cli('role', 'add', '--company', 'blancapeak', '--name', 'Coach', '--capability', 'can_coach', '--json');
    assert.deepEqual(JSON.parse(added.stdout), { name: 'Coach', capabilities: ['can_coach'] });
    const bad = await cli('role', 'add', '--company', 'blancapeak', '--name', 'Pilot', '--capability', 'fly');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /unknown capability "fly"; allowed: admin, can_review, can_coach, can_audit, can_calibrate/);

    assert.equal((await cli('group', 'list', '--company', 'blancapeak')).stdout.trim(), 'no groups');
    assert.equal((await cli('group', 'add', '--company', 'blancapeak', '--name', 'Group A')).code, 0);
    assert.equal((await cli('group', 'add', '--company', 'blancapeak', '--name', 'group a')).code, 0, 'names are case-sensitive');
    const duplicate = await cli('group', 'add', '--company', 'blancapeak', '--name', 'Group A');
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.stderr, /group "Group A" already exists/);
    assert.deepEqual(JSON.parse((await cli('group', 'list', '--company', 'blancapeak', '--json')).stdout), ['Group A', 'group a']);

    const permissions = JSON.parse((await cli('permission', 'list', '--json')).stdout);
    assert.ok(permissions.view_exports && permissions.approve_pending_profiles);
    const unknownCompany = await cli('role', 'list', '--company', 'nope');
    assert.equal(unknownCompany.code, 1);
    assert.match(unknownCompany.stderr, /no company with subdomain "nope"/);
  });
});
