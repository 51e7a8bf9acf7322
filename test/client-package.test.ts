import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CompanyCredentials } from '../src/modules/companies/companies.service.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { createListeningTestContext, type TestContext } from './helpers/test-app.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = path.join(root, 'node_modules', '.bin', 'tsc');

/** An ESM program as a consumer writes it: only the package's public entry point. */
const PROGRAM = `
import { AgentConnectClient, AuthenticationError } from 'agent-connect-client';
const { BASE_URL, API_KEY, API_SECRET, AGENT } = process.env;
const client = new AgentConnectClient({ baseUrl: BASE_URL, apiKey: API_KEY, apiSecret: API_SECRET });
const { request_id } = await client.createFeedbackRequest({ customer: { email: 'packed@example.com' }, employee: { email: AGENT }, channel: 'chat', do_not_send: true });
const paged = [];
for await (const interaction of client.paginate.listInteractions({ after: 0 })) paged.push(interaction.uuid);
const streamed = [];
for await (const interaction of client.stream.listInteractions()) streamed.push(interaction.uuid);
let refused = null;
try { await new AgentConnectClient({ baseUrl: BASE_URL, apiKey: 'ac_live_wrong' }).createFeedbackRequest({ customer: { email: 'x@example.com' }, employee: { email: AGENT }, channel: 'chat' }); }
catch (error) { refused = error instanceof AuthenticationError ? error.status : String(error); }
console.log(JSON.stringify({ request_id, paged, streamed, refused }));
`;

/** A TypeScript consumer: compiles against the installed .d.ts, and the expected errors prove the types are not \`any\`. */
const TYPED_PROGRAM = `
import { AgentConnectClient, ValidationError, type FeedbackRequest, type Interaction, type QaReview } from 'agent-connect-client';
const client = new AgentConnectClient({ baseUrl: 'http://localhost:3000', apiKey: 'key', apiSecret: 'secret' });
const request: FeedbackRequest = { customer: { email: 'simone@example.com' }, employee: { email: 'agent@example.com' }, channel: 'chat' };
export async function main(): Promise<number> {
  const created: { request_id: string } = await client.createFeedbackRequest(request, { idempotencyKey: 'ticket-1' });
  const page: Interaction[] = await client.listInteractions({ after: 0, limit: 10 });
  const stars: number | null | undefined = page[0]?.answers['agent_star_rating']?.selected_options['1075']?.integer_value;
  for await (const review of client.paginate.listQaReviews({ after: 0 })) { const score: QaReview['score'] = review.score; void score; }
  try { await client.createFeedbackRequestBatch({ requests: [request] }); } catch (error) { if (error instanceof ValidationError) return error.messages.length; }
  // @ts-expect-error channel is required
  await client.createFeedbackRequest({ customer: { email: 'a@example.com' }, employee: { email: 'b@example.com' } });
  // @ts-expect-error interactions have no such field
  void page[0].no_such_field;
  // @ts-expect-error an employee id is a string
  await client.getEmployee(42);
  return created.request_id.length + (stars ?? 0);
}
`;

/** The README's TypeScript examples, each in a function of its own, with the names they assume declared. */
function readmeExamples(readme: string): string {
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1].split('\n'));
  const imports = new Set(blocks.flat().filter((line) => line.startsWith('import ')));
  const bodies = blocks.map((lines, i) => `export async function example${i}() {\n${lines.filter((line) => !line.startsWith('import ')).join('\n')}}`);
  return [
    ...imports,
    "import type { FeedbackRequest } from 'agent-connect-client';",
    'declare const client: AgentConnectClient;',
    'declare const first: FeedbackRequest, second: FeedbackRequest, body: FeedbackRequest;',
    'declare function loadCheckpoint(): number;',
    'declare function save(record: unknown): Promise<void>;',
    'declare const process: { env: Record<string, string | undefined> };',
    ...bodies,
  ].join('\n');
}

let ctx: TestContext;
let baseUrl: string;
let company: CompanyCredentials;
let agentEmail: string;
let workDir: string;
before(async () => {
  ({ ctx, baseUrl } = await createListeningTestContext());
  company = await createCompany(ctx.services, { brands: ['solo'] });
  agentEmail = (await createEmployee(ctx.services, company.id)).email;
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-connect-client-pack-'));
});
after(async () => {
  await ctx.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe('agent-connect-client as a published package', () => {
  it('packs into a tarball that an empty project installs, runs against a live server and type-checks against', async () => {
    // A copy of the package, so a build here never rewrites the dist/ other processes may be using;
    // npm pack runs prepack there, which compiles src/ into dist/ (tsc and jose from the repository).
    const source = path.join(workDir, 'agent-connect-client');
    fs.mkdirSync(source);
    for (const entry of ['package.json', 'tsconfig.json', 'README.md', 'src']) fs.cpSync(path.join(root, 'packages', 'client', entry), path.join(source, entry), { recursive: true });
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    const timings: Record<string, number> = {};
    let mark = Date.now();
    const lap = (name: string) => {
      timings[name] = Date.now() - mark;
      mark = Date.now();
    };
    await run(npm, ['pack', '--pack-destination', workDir, '--silent'], { cwd: source });
    const tarball = fs.readdirSync(workDir).find((name) => name.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote a tarball');
    lap('pack');

    const project = path.join(workDir, 'consumer');
    fs.mkdirSync(project);
    // What `npm init -y` and `npm pkg set type=module` write, without two more npm start-ups.
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }));
    // jose is in the npm cache after `npm ci`; the registry is asked only when it is not.
    await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(workDir, tarball)], { cwd: project });
    lap('install');
    const installed = path.join(project, 'node_modules', 'agent-connect-client');
    for (const file of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/generated/openapi.d.ts']) assert.ok(fs.existsSync(path.join(installed, file)), file);
    assert.ok(fs.existsSync(path.join(project, 'node_modules', 'jose')), 'its one dependency came along');
    const emitted = fs.readdirSync(path.join(installed, 'dist')).filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'));
    for (const file of emitted) assert.doesNotMatch(fs.readFileSync(path.join(installed, 'dist', file), 'utf8'), /from '\.[^']*\.ts'|\.\.\/\.\.\/src/, file);

    fs.writeFileSync(path.join(project, 'program.mjs'), PROGRAM);
    const { stdout } = await run(process.execPath, ['program.mjs'], {
      cwd: project,
      env: { PATH: process.env.PATH, BASE_URL: baseUrl, API_KEY: company.api_key, API_SECRET: company.api_secret, AGENT: agentEmail },
    });
    lap('run');
    const result = JSON.parse(stdout);
    assert.match(result.request_id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(result.paged, [result.request_id]);
    assert.deepEqual(result.streamed, [result.request_id]);
    assert.equal(result.refused, 403);

    fs.writeFileSync(path.join(project, 'program.ts'), TYPED_PROGRAM);
    fs.writeFileSync(path.join(project, 'readme.ts'), readmeExamples(fs.readFileSync(path.join(installed, 'README.md'), 'utf8')));
    fs.writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ['ES2022', 'DOM', 'DOM.AsyncIterable'] },
        files: ['program.ts', 'readme.ts'],
      }),
    );
    const check = await run(tsc, ['-p', project], { cwd: project }).catch((error: { stdout: string; stderr: string }) => error);
    lap('typecheck');
    assert.equal(check.stdout + check.stderr, '', 'the consumer and the README examples compile');
    console.log(`client package: ${JSON.stringify(timings)} ms`);
  });
});
