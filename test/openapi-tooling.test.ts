import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/*
 * The standard tools consume GET /openapi.json cleanly: @redocly/cli lints it with its
 * recommended rules (redocly.yaml switches none off) without an error or a warning, and
 * openapi-typescript makes types from it that a strict TypeScript program compiles against.
 */

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

let ctx: TestContext;
let dir: string;
let documentPath: string;

before(async () => {
  // A real deployment's PUBLIC_URL (the recommended rules warn about a localhost server).
  ctx = await createTestContext({ PUBLIC_URL: 'https://feedback.acme-support.net' });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'openapi-tooling-'));
  documentPath = path.join(dir, 'openapi.json');
  await fs.writeFile(documentPath, (await ctx.app.inject('/openapi.json')).body);
});
after(async () => {
  await ctx.close();
  await fs.rm(dir, { recursive: true, force: true });
});

/** Runs a tool; its output is the failure message when it exits non-zero. */
async function tool(command: string, args: string[]): Promise<{ stdout: string; code: number }> {
  try {
    const { stdout } = await run(command, args, { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, code: 0 };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: `${failed.stdout ?? ''}${failed.stderr ?? ''}`, code: failed.code ?? 1 };
  }
}

describe('the OpenAPI document and the standard tools', () => {
  it('passes @redocly/cli lint with the recommended rules: no error, no warning', async () => {
    const { stdout } = await tool(bin('redocly'), ['lint', '--config', path.join(root, 'redocly.yaml'), '--format=json', documentPath]);
    const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals: { errors: number; warnings: number; ignored: number }; problems: { ruleId: string; message: string }[] };
    const problems = report.problems.map((problem) => `${problem.ruleId}: ${problem.message}`);
    assert.deepEqual({ ...report.totals, problems }, { errors: 0, warnings: 0, ignored: 0, problems: [] });
  });

  it('gives openapi-typescript named types that a strict program compiles against', async () => {
    const generated = await tool(bin('openapi-typescript'), [documentPath, '--output', path.join(dir, 'api.ts')]);
    assert.equal(generated.code, 0, generated.stdout);
    await fs.writeFile(path.join(dir, 'program.ts'), PROGRAM);
    await fs.writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', types: [] }, files: ['program.ts'] }),
    );
    const compiled = await tool(bin('tsc'), ['-p', path.join(dir, 'tsconfig.json')]);
    assert.equal(compiled.code, 0, compiled.stdout);
  });
});

/** A consumer of the generated types; each @ts-expect-error must be an error, or tsc fails. */
const PROGRAM = `
import type { components, paths } from './api';

type Interaction = components['schemas']['Interaction'];
type CreateFeedbackRequest = paths['/v1/requests']['post'];
type Body = CreateFeedbackRequest['requestBody'] extends { content: { 'application/json': infer B } } | undefined ? B : never;
type Created = CreateFeedbackRequest['responses'][200]['content']['application/json'];
type Refused = CreateFeedbackRequest['responses'][400]['content']['application/json'];

const body: Body = { customer: { email: 'simone@example.com' }, employee: { email: 'samantha@example.com' }, channel: 'chat' };
const byCustomId: Body = { customer: { email: 'simone@example.com' }, employee: { custom_id: '6598260' }, channel: 'chat' };
// @ts-expect-error the employee needs an email or a custom_id
const anonymous: Body = { customer: { email: 'simone@example.com' }, employee: {}, channel: 'chat' };
const created: Created = { request_id: '54bd2af9-28cb-48df-8c60-cd27de080cd4' };
const refused: Refused = { validation_errors: ['customer.email is required'] };

function describe(interaction: Interaction): string {
  const status: 'Pending' | 'Sent' | 'Do Not Send' | 'Suppressed' | 'Unsubscribed' | 'Bounced' | 'Failed' = interaction.request_delivery_status;
  const survey: 'Feedback' | 'Service Recovery' = interaction.survey_name;
  const sent: string | null = interaction.request_sent_at;
  // @ts-expect-error request_sent_at may be null
  const sentAt: string = interaction.request_sent_at;
  return [interaction.uuid, interaction.sequence_id.toFixed(0), status, survey, sent, sentAt].join(' ');
}

type Page = paths['/v2/data']['get']['responses'][200]['content']['application/json'];
const page: Page = [];
const next: number | undefined = page.at(-1)?.sequence_id;
const employee: components['schemas']['Employee']['email'] = 'jane@example.com';
const error: components['schemas']['ApiError'] = { error: 'Not Found', message: 'no such employee' };
const review: components['schemas']['QaReview']['sequence_id'] = 1;
const session: components['schemas']['CoachingSession']['employee']['team_leader'] = null;

export { body, byCustomId, anonymous, created, refused, describe, next, employee, error, review, session };
`;
