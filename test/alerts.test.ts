import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { OutboxWorker } from '../src/outbox/outbox-worker.ts';
import { loadSecretBox } from '../src/lib/secret-box.ts';
import { operatorScope } from '../src/modules/access/scope.ts';
import { AlertRulesRepository } from '../src/modules/alerts/alert-rules.repository.ts';
import { AlertsService } from '../src/modules/alerts/alerts.service.ts';
import { runCli } from './helpers/cli.ts';
import { createCompany, createEmployee } from './helpers/factories.ts';
import { setPassword, signIn } from './helpers/sessions.ts';
import { startSmtpSink, type SmtpSink } from './helpers/smtp-sink.ts';
import { csrfOf, eventually, fastWorker, interaction, requestBody, sendSurvey, surveyCompany } from './helpers/survey.ts';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

/*
 * Slack and Microsoft Teams alerts end to end: rules made with the CLI, surveys answered through
 * the survey links of real emails (SMTP sink), survey.finished brought forward, and local HTTP
 * receivers standing in for Slack's and Teams' incoming webhooks.
 */

/** A local stand-in for an incoming webhook: records each POST; answers 500 to the first `failures` ones. */
class Receiver {
  readonly bodies: unknown[] = [];
  /** The path of each delivered POST, in order. */
  readonly paths: string[] = [];
  attempts = 0;
  failures = 0;
  private readonly server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      res.writeHead(500).end('oops');
      return;
    }
    assert.equal(req.headers['content-type'], 'application/json');
    this.bodies.push(JSON.parse(body));
    this.paths.push(req.url ?? '');
    res.writeHead(200).end('ok');
  });

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): void {
    this.server.close();
  }
}

let ctx: TestContext;
let sink: SmtpSink;
let worker: OutboxWorker;
let slack: Receiver;
let teams: Receiver;

before(async () => {
  sink = await startSmtpSink();
  ctx = await createTestContext({ SMTP_URL: sink.url, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  worker = fastWorker(ctx);
  slack = await new Receiver().start();
  teams = await new Receiver().start();
});
after(async () => {
  await worker.stop();
  slack.close();
  teams.close();
  await ctx.close();
  await sink.close();
});

const cli = (...args: string[]) => runCli(ctx.env, ...args);

async function addRule(subdomain: string, args: string[]) {
  const result = await cli('alert', 'add', '--company', subdomain, ...args, '--json');
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as { id: number; url_host: string; team_leader: { email: string } | null };
}

type Company = Awaited<ReturnType<typeof createCompany>>;

/**
 * A customer answers the survey of a new request for `agent` through its email's links: a star
 * link, then (optionally) a comment on the survey page. Then the survey finishes: its first
 * answer is moved two minutes back (survey_finished_after_minutes=1) and the scheduled
 * survey_finished row made due. Resolves with the interaction once survey_finished is done.
 */
async function answerAndFinish(company: Company, agent: { email: string }, rating: number, comment?: string, apiKey = company.api_key, to?: string) {
  const body = requestBody(agent, { customer: { name: 'Simone Okafor', email: `simone.${Math.random().toString(36).slice(2)}@example.com` } });
  const { requestId, token } = await sendSurvey(ctx, sink, apiKey, body, to);
  assert.equal((await ctx.app.inject(`/s/${token}/rate/${rating}`)).statusCode, 303);
  if (comment !== undefined) {
    const page = await ctx.app.inject(`/s/${token}`);
    const { cookie, csrf } = csrfOf(page);
    const posted = await ctx.app.inject({
      method: 'POST',
      url: `/s/${token}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: new URL(ctx.config.publicUrl).origin },
      payload: new URLSearchParams({ csrf, comment_agent_star_rating: comment }).toString(),
    });
    assert.ok(posted.statusCode < 400, `${posted.statusCode} ${posted.body.slice(0, 200)}`);
  }
  const row = await interaction(ctx, requestId);
  await ctx.db.kysely.updateTable('interactions').set({ response_received_at: Date.now() - 2 * 60_000 }).where('id', '=', row.id).execute();
  const scheduled = await ctx.db.kysely.selectFrom('outbox').select('id').where('kind', '=', 'survey_finished').where('interaction_id', '=', row.id).where('status', '=', 'pending').executeTakeFirst();
  if (scheduled) {
    await ctx.db.kysely.updateTable('outbox').set({ available_at: Date.now() }).where('id', '=', scheduled.id).execute();
    await eventually(async () => {
      const done = await ctx.db.kysely.selectFrom('outbox').select('status').where('id', '=', scheduled.id).executeTakeFirstOrThrow();
      return done.status === 'sent';
    });
  }
  return { requestId, id: row.id, scheduled: scheduled !== undefined };
}

const alertRows = (interactionId: number) =>
  ctx.db.kysely.selectFrom('outbox').selectAll().where('kind', '=', 'chat_alert').where('interaction_id', '=', interactionId).orderBy('id').execute();

type Block = { type: string; text?: { type: string; text: string }; elements?: { type: string; text: string | { text: string }; url?: string }[] };

/** The world of most tests: a leader, her team member Samantha, and Oscar of nobody's team; shout-outs to Slack, service recovery of the leader's team to Teams. */
async function alertWorld(viaCli = false) {
  const { company, agent: leader } = await surveyCompany(ctx, ['survey_finished_after_minutes=1'], { firstName: 'Lena', lastName: 'Lindqvist' });
  const agent = await createEmployee(ctx.services, company.id, { firstName: 'Samantha', lastName: 'Reyes', teamLeaderId: leader.id });
  const other = await createEmployee(ctx.services, company.id, { firstName: 'Oscar', lastName: 'Ortiz' });
  const shoutOutsUrl = slack.url(`/services/T0/B0/${company.subdomain}slacksecret`);
  const recoveryUrl = teams.url(`/webhookb2/${company.subdomain}teamssecret`);
  if (!viaCli) {
    // The command line is proven in the first test; elsewhere the service makes the same rules faster.
    const scope = operatorScope((await ctx.services.companies.requireBySubdomain(company.subdomain)));
    const shoutOuts = await ctx.services.alerts.create(scope, { name: 'Shout-outs', target: 'slack', url: shoutOutsUrl, min_rating: 5, max_rating: 5, comment_required: true });
    const recovery = await ctx.services.alerts.create(scope, { name: 'Service recovery', target: 'teams', url: recoveryUrl, min_rating: 1, max_rating: 2, team_leader_email: leader.email.toUpperCase() });
    return { company, leader, agent, other, shoutOuts, recovery };
  }
  const shoutOuts = await addRule(company.subdomain, ['--name', 'Shout-outs', '--target', 'slack', '--url', shoutOutsUrl, '--min-rating', '5', '--max-rating', '5', '--comment-required']);
  const recovery = await addRule(company.subdomain, ['--name', 'Service recovery', '--target', 'teams', '--url', recoveryUrl, '--min-rating', '1', '--max-rating', '2', '--team-leader', leader.email.toUpperCase()]);
  return { company, leader, agent, other, shoutOuts, recovery };
}

describe('Slack and Teams alerts', () => {
  it('a 5-star response with a comment goes to Slack as Block Kit, a 1-star one of the leader\'s team to Teams as an Adaptive Card; others match neither', async () => {
    const { company, leader, agent, other, shoutOuts, recovery } = await alertWorld(true);
    assert.equal(shoutOuts.url_host, slack.host);
    assert.equal(recovery.team_leader?.email, leader.email);
    const slackBefore = slack.bodies.length;
    const teamsBefore = teams.bodies.length;

    // Shout-out: 5 stars with a comment holding mrkdwn's control characters.
    const praised = await answerAndFinish(company, agent, 5, 'Samantha was <great> & quick');
    const slackBody = await eventually(async () => slack.bodies[slackBefore]) as { text: string; blocks: Block[] };
    assert.deepEqual(slackBody.blocks.map((block) => block.type), ['header', 'section', 'context', 'actions']);
    assert.equal(slackBody.blocks[0].text!.type, 'plain_text');
    assert.equal(slackBody.blocks[0].text!.text, '5-star response for Samantha Reyes');
    assert.match(slackBody.text, /5-star response for Samantha Reyes/);
    const section = slackBody.blocks[1].text!;
    assert.equal(section.type, 'mrkdwn');
    assert.match(section.text, /★★★★★/);
    assert.match(section.text, /Simone Okafor rated \*Samantha Reyes\*/);
    assert.match(section.text, /^>Samantha was &lt;great&gt; &amp; quick$/m, 'the comment is quoted with <, > and & escaped');
    assert.doesNotMatch(section.text, /<great>/);
    const [button] = slackBody.blocks[3].elements!;
    assert.equal(button.type, 'button');
    assert.deepEqual(button.text, { type: 'plain_text', text: 'Open response' });
    assert.equal(button.url, `${ctx.config.publicUrl}/feedback/${praised.requestId}`);
    assert.match(JSON.stringify(slackBody.blocks[2]), /Shout-outs/);
    assert.equal((await alertRows(praised.id)).length, 1);
    assert.equal(teams.bodies.length, teamsBefore, 'a 5-star response is not for service recovery');

    // Service recovery: 1 star of the leader's team member.
    const unhappy = await answerAndFinish(company, agent, 1, 'Slow reply');
    const card = await eventually(async () => teams.bodies[teamsBefore]) as {
      type: string;
      attachments: { contentType: string; content: { type: string; version: string; body: Record<string, unknown>[]; actions: { type: string; title: string; url: string }[] } }[];
    };
    assert.equal(card.type, 'message');
    assert.equal(card.attachments.length, 1);
    assert.equal(card.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
    const content = card.attachments[0].content;
    assert.equal(content.type, 'AdaptiveCard');
    assert.equal(content.version, '1.4');
    assert.deepEqual(content.body[0], { type: 'TextBlock', text: '1-star response for Samantha Reyes', size: 'Large', weight: 'Bolder', wrap: true });
    const facts = Object.fromEntries((content.body.find((item) => item.type === 'FactSet') as { facts: { title: string; value: string }[] }).facts.map((fact) => [fact.title, fact.value]));
    assert.equal(facts.Agent, 'Samantha Reyes');
    assert.equal(facts.Customer, 'Simone Okafor');
    assert.equal(facts.Rating, '1 of 5');
    assert.match(JSON.stringify(content.body), /“Slow reply”/);
    assert.deepEqual(content.actions, [{ type: 'Action.OpenUrl', title: 'Open response', url: `${ctx.config.publicUrl}/feedback/${unhappy.requestId}` }]);
    assert.equal(slack.bodies.length, slackBefore + 1, 'a 1-star response is no shout-out');

    // 3 stars: neither rule. 5 stars without a comment: not a shout-out. 2 stars of someone outside the leader's team: not hers.
    const middling = await answerAndFinish(company, agent, 3, 'Fine');
    const silent = await answerAndFinish(company, agent, 5);
    const outsider = await answerAndFinish(company, other, 2, 'Meh');
    for (const response of [middling, silent, outsider]) {
      assert.ok(response.scheduled, 'the survey was watched for finishing (the company has alert rules)');
      assert.deepEqual(await alertRows(response.id), []);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(slack.bodies.length, slackBefore + 1);
    assert.equal(teams.bodies.length, teamsBefore + 1);

    // The rules show their last delivery.
    const listed = await cli('alert', 'list', '--company', company.subdomain, '--json');
    const rules = JSON.parse(listed.stdout) as { name: string; last_status: string; last_sent_at: string; team_leader: { email: string } | null }[];
    assert.deepEqual(rules.map((rule) => [rule.name, rule.last_status]), [['Shout-outs', 'sent'], ['Service recovery', 'sent']]);
    assert.ok(Date.parse(rules[0].last_sent_at) > Date.now() - 60_000);
  });

  it('a receiver answering 500 first is retried with backoff, then succeeds', async () => {
    const { company, agent } = await alertWorld();
    const before = teams.bodies.length;
    const attemptsBefore = teams.attempts;
    teams.failures = 1;
    const response = await answerAndFinish(company, agent, 2, 'Never called back');
    await eventually(async () => teams.bodies[before]);
    const [row] = await eventually(async () => {
      const rows = await alertRows(response.id);
      return rows[0]?.status === 'sent' ? rows : null;
    });
    assert.equal(row.attempts, 2, 'one failed attempt, then the delivered one');
    assert.equal(teams.attempts - attemptsBefore, 2);
    assert.equal(teams.failures, 0);
    const rule = await ctx.db.kysely.selectFrom('alert_rules').selectAll().where('company_id', '=', company.id).where('target', '=', 'teams').executeTakeFirstOrThrow();
    assert.equal(rule.last_status, 'sent');
    assert.equal(rule.last_error, null);
  });

  it('test requests raise no alerts', async () => {
    const { company, agent } = await alertWorld();
    const response = await answerAndFinish(company, agent, 1, 'A test', company.test_api_key, `qa@${company.subdomain}.example`);
    assert.equal(response.scheduled, false, 'test surveys are not watched by alert rules');
    assert.deepEqual(await alertRows(response.id), []);
  });

  it('keeps the URL sealed: the database, the list and the output show its host only', async () => {
    const { company } = await alertWorld();
    const rows = await ctx.db.kysely.selectFrom('alert_rules').selectAll().where('company_id', '=', company.id).execute();
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.match(row.url, /^v1:[0-9a-f]{8}:/);
      assert.doesNotMatch(row.url, /127\.0\.0\.1|secret|http/);
    }
    const listed = await cli('alert', 'list', '--company', company.subdomain);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`slack → ${slack.host.replace(/\./g, '\\.')}`));
    assert.doesNotMatch(listed.stdout + listed.stderr, /secret|services\/T0/);
    const json = await ctx.services.alerts.list(operatorScope(await ctx.services.companies.requireBySubdomain(company.subdomain)));
    assert.deepEqual(json.rules.map((rule) => rule.url_host), [slack.host, teams.host]);
    assert.doesNotMatch(JSON.stringify(json), /secret|webhookb2/);
  });

  it('refuses private-network URLs (and plain http) unless WEBHOOK_ALLOW_PRIVATE_NETWORKS is true, when adding and when sending', async () => {
    const { company } = await alertWorld();
    const strict = { ...ctx.env, WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' };
    const base = ['alert', 'add', '--company', company.subdomain, '--target', 'slack', '--min-rating', '5', '--max-rating', '5'];
    const refused = await runCli(strict, ...base, '--name', 'loopback', '--url', 'https://127.0.0.1/services/x');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /url: must be reachable on the internet: address not allowed/);
    // The same rules in a process that refuses private networks (the service as the CLI builds it, without a process each).
    const strictAlerts = new AlertsService(new AlertRulesRepository(ctx.db.kysely), () => loadSecretBox(ctx.config.integrations, ctx.config.dataDir), { allowPrivateNetworks: false }, ctx.config.publicUrl);
    const scope = operatorScope(await ctx.services.companies.requireBySubdomain(company.subdomain));
    await assert.rejects(strictAlerts.create(scope, { name: 'http', target: 'slack', url: 'http://hooks.slack.com/services/x', min_rating: 1, max_rating: 1 }), /url: must be an https URL/);
    for (const url of ['https://10.1.2.3/services/x', 'https://169.254.169.254/latest', 'https://localhost/x', 'https://[::1]/x', 'https://[::ffff:127.0.0.1]/x']) {
      await assert.rejects(strictAlerts.create(scope, { name: url, target: 'teams', url, min_rating: 1, max_rating: 1 }), /url: must be reachable on the internet: address not allowed/, url);
    }
    // A rule whose URL is (now) private is not sent to.
    const before = slack.attempts;
    const tested = await runCli(strict, 'alert', 'test', '--company', company.subdomain, 'Shout-outs');
    assert.equal(tested.code, 1);
    assert.match(tested.stdout, /sample not delivered: address not allowed/);
    assert.equal(slack.attempts, before);
    const rule = await ctx.db.kysely.selectFrom('alert_rules').selectAll().where('company_id', '=', company.id).where('name', '=', 'Shout-outs').executeTakeFirstOrThrow();
    assert.deepEqual([rule.last_status, rule.last_error], ['failed', 'address not allowed']);
    // Allowed: the sample goes out.
    const sent = await ctx.services.alerts.test(scope, rule.id);
    assert.equal(sent.last_status, 'sent');
    const sample = (await eventually(async () => slack.bodies.at(-1))) as { blocks: Block[] };
    assert.match(sample.blocks[0].text!.text, /^\[Test\] 5-star response for Sample Agent$/);
  });

  it('refuses bad rules with a reason naming the field', async () => {
    const { company } = await alertWorld();
    // On the command line: one line on stderr, exit 1.
    const result = await cli('alert', 'add', '--company', company.subdomain, '--url', slack.url('/x'), '--name', 'a', '--target', 'slack', '--min-rating', '0', '--max-rating', '2');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^error: --min-rating: a whole number from 1 to 5$/m);
    const scope = operatorScope(await ctx.services.companies.requireBySubdomain(company.subdomain));
    const rule = { name: 'a', target: 'slack' as const, url: slack.url('/x'), min_rating: 1, max_rating: 2 };
    for (const [input, reason] of [
      [{ ...rule, min_rating: 4 }, /min_rating 4 is above max_rating 2/],
      [{ ...rule, max_rating: 6 }, /max_rating: a whole number from 1 to 5/],
      [{ ...rule, name: '  ' }, /name: must not be empty/],
      [{ ...rule, url: 'hooks.slack.com/x' }, /url: not a URL/],
      [{ ...rule, url: 'ftp://hooks.slack.com/x' }, /url: must be an https URL/],
      [{ ...rule, name: 'Shout-outs' }, /name: a rule named "Shout-outs" already exists/],
      [{ ...rule, team_leader_email: 'nobody@example.com' }, /team_leader_email: no active employee nobody@example.com/],
    ] as const) {
      await assert.rejects(ctx.services.alerts.create(scope, input), (error: Error & { statusCode?: number }) => reason.test(error.message) && error.statusCode === 400, JSON.stringify(input));
    }
    const removed = await cli('alert', 'remove', '--company', company.subdomain, 'Shout-outs');
    assert.equal(removed.code, 0, removed.stderr);
    const left = await ctx.services.alerts.list(scope);
    assert.deepEqual(left.rules.map((r) => r.name), ['Service recovery']);
  });

  it('the app API: admins list, add, test and remove rules; others are refused; writes need the CSRF token', async () => {
    const { company, leader } = await alertWorld();
    const admin = await createEmployee(ctx.services, company.id, { role: 'Admin' });
    await setPassword(ctx.db, admin);
    await setPassword(ctx.db, leader);
    const browser = await signIn(ctx.app, admin.email);
    const agentBrowser = await signIn(ctx.app, leader.email);

    const listed = await browser.send(ctx.app, 'GET', '/app/api/alerts');
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(listed.json().rules.map((rule: { name: string; url_host: string }) => [rule.name, rule.url_host]), [['Shout-outs', slack.host], ['Service recovery', teams.host]]);
    assert.doesNotMatch(listed.body, /secret/);
    assert.equal((await agentBrowser.send(ctx.app, 'GET', '/app/api/alerts')).statusCode, 403);

    const input = { name: 'Praise', target: 'teams', url: teams.url('/praise'), min_rating: 4, max_rating: 5, comment_required: true, team_leader_email: null };
    assert.equal((await browser.send(ctx.app, 'POST', '/app/api/alerts', { payload: input, csrf: false })).statusCode, 403, 'no CSRF token');
    assert.equal((await agentBrowser.send(ctx.app, 'POST', '/app/api/alerts', { payload: input })).statusCode, 403);
    const bad = await browser.send(ctx.app, 'POST', '/app/api/alerts', { payload: { ...input, min_rating: 5, max_rating: 1 } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /min_rating 5 is above max_rating 1/);
    assert.equal((await browser.send(ctx.app, 'POST', '/app/api/alerts', { payload: { ...input, url: 'not a url' } })).statusCode, 400);
    const created = await browser.send(ctx.app, 'POST', '/app/api/alerts', { payload: input });
    assert.equal(created.statusCode, 201, created.body);
    const rule = created.json();
    assert.deepEqual([rule.name, rule.target, rule.url_host, rule.min_rating, rule.max_rating, rule.comment_required, rule.last_status], ['Praise', 'teams', teams.host, 4, 5, true, null]);

    const before = teams.bodies.length;
    const tested = await browser.send(ctx.app, 'POST', `/app/api/alerts/${rule.id}/test`);
    assert.equal(tested.statusCode, 200, tested.body);
    assert.equal(tested.json().last_status, 'sent');
    const sample = teams.bodies[before] as { attachments: { content: { type: string } }[] };
    assert.equal(sample.attachments[0].content.type, 'AdaptiveCard');

    // Another company's admin reaches none of these rules.
    const stranger = await createCompany(ctx.services, { brands: ['x'] });
    const strangerAdmin = await createEmployee(ctx.services, stranger.id, { role: 'Admin' });
    await setPassword(ctx.db, strangerAdmin);
    const strangerBrowser = await signIn(ctx.app, strangerAdmin.email);
    assert.deepEqual((await strangerBrowser.send(ctx.app, 'GET', '/app/api/alerts')).json().rules, []);
    assert.equal((await strangerBrowser.send(ctx.app, 'DELETE', `/app/api/alerts/${rule.id}`)).statusCode, 404);
    assert.equal((await strangerBrowser.send(ctx.app, 'POST', `/app/api/alerts/${rule.id}/test`)).statusCode, 404);

    assert.equal((await browser.send(ctx.app, 'DELETE', `/app/api/alerts/${rule.id}`, { csrf: false })).statusCode, 403);
    assert.equal((await browser.send(ctx.app, 'DELETE', `/app/api/alerts/${rule.id}`)).statusCode, 204);
    assert.equal((await browser.send(ctx.app, 'DELETE', `/app/api/alerts/${rule.id}`)).statusCode, 404);
    assert.equal((await browser.send(ctx.app, 'GET', '/app/api/alerts')).json().rules.length, 2);
  });
  it('a paused rule posts nothing while a running one does; resumed, it posts again; with every rule paused surveys are not watched', async () => {
    const { company, agent, shoutOuts } = await alertWorld();
    const paused = await cli('alert', 'update', '--company', company.subdomain, 'Shout-outs', '--disable', '--json');
    assert.equal(paused.code, 0, paused.stderr);
    assert.equal(JSON.parse(paused.stdout).enabled, false);
    const listed = await cli('alert', 'list', '--company', company.subdomain);
    assert.match(listed.stdout, /Shout-outs\s+paused\s+slack/);
    assert.match(listed.stdout, /Service recovery\s+on\s+teams/);

    const slackBefore = slack.bodies.length;
    const teamsBefore = teams.bodies.length;
    const praised = await answerAndFinish(company, agent, 5, 'Lovely');
    assert.ok(praised.scheduled, 'the running Service recovery rule still watches surveys');
    assert.deepEqual(await alertRows(praised.id), [], 'the paused rule queues nothing');
    const unhappy = await answerAndFinish(company, agent, 1, 'Slow');
    await eventually(async () => teams.bodies[teamsBefore]);
    assert.equal((await alertRows(unhappy.id)).length, 1, 'the running rule still posts');

    // Every rule paused: nobody waits for surveys to finish.
    const scope = operatorScope(await ctx.services.companies.requireBySubdomain(company.subdomain));
    const recovery = await ctx.services.alerts.idOf(scope, 'Service recovery');
    await ctx.services.alerts.update(scope, recovery, { enabled: false });
    const unwatched = await answerAndFinish(company, agent, 5, 'Great');
    assert.equal(unwatched.scheduled, false);

    const resumed = await cli('alert', 'update', '--company', company.subdomain, String(shoutOuts.id), '--enable', '--json');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(JSON.parse(resumed.stdout).enabled, true);
    const again = await answerAndFinish(company, agent, 5, 'Great again');
    assert.ok(again.scheduled);
    const body = await eventually(async () => slack.bodies[slackBefore]) as { blocks: Block[] };
    assert.match(JSON.stringify(body.blocks), /Great again/);
    assert.equal((await alertRows(again.id)).length, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(slack.bodies.length, slackBefore + 1, 'only the response after resuming was posted');
    assert.equal(teams.bodies.length, teamsBefore + 1);
  });

  it('an alert still queued when its rule is paused is not posted', async () => {
    const { company, agent, shoutOuts } = await alertWorld();
    const scope = operatorScope(await ctx.services.companies.requireBySubdomain(company.subdomain));
    await ctx.services.alerts.update(scope, shoutOuts.id, { enabled: false });
    const result = await ctx.services.alerts.deliver(company.id, shoutOuts.id, (await answerAndFinish(company, agent, 4)).id);
    assert.deepEqual(result, { skipped: 'the alert rule is turned off' });
  });

  it('the app API edits a rule: only the fields given change, checked as when adding; the new URL stays sealed', async () => {
    const { company, leader, shoutOuts, recovery } = await alertWorld();
    const admin = await createEmployee(ctx.services, company.id, { role: 'Admin' });
    await setPassword(ctx.db, admin);
    await setPassword(ctx.db, leader);
    const browser = await signIn(ctx.app, admin.email);
    const patch = (id: number, payload: Record<string, unknown>, options: { csrf?: false } = {}) => browser.send(ctx.app, 'PATCH', `/app/api/alerts/${id}`, { payload, ...options });

    // Refusals name the field; the rule is unchanged after each.
    for (const [payload, reason] of [
      [{ min_rating: 3 }, /^min_rating 3 is above max_rating 2$/],
      [{ max_rating: 0 }, /max_rating/],
      [{ url: 'not a url' }, /^url: not a URL/],
      [{ url: 'ftp://hooks.slack.com/x' }, /^url: must be an https URL/],
      [{ team_leader_email: 'nobody@example.com' }, /^team_leader_email: no active employee nobody@example.com/],
      [{ name: '   ' }, /^name: must not be empty/],
      [{ name: 'Shout-outs' }, /^name: a rule named "Shout-outs" already exists/],
      [{ target: 'email' }, /target/],
      [{ colour: 'red' }, /colour/],
    ] as const) {
      const refused = await patch(recovery.id, payload);
      assert.equal(refused.statusCode, 400, `${JSON.stringify(payload)}: ${refused.body}`);
      assert.match(refused.json().message, reason, JSON.stringify(payload));
    }
    const unchanged = await ctx.db.kysely.selectFrom('alert_rules').selectAll().where('id', '=', recovery.id).executeTakeFirstOrThrow();
    assert.deepEqual([unchanged.name, unchanged.min_rating, unchanged.max_rating, unchanged.enabled, unchanged.team_leader_id], ['Service recovery', 1, 2, 1, leader.id]);

    // Who may: admins of the company, with the CSRF token.
    assert.equal((await patch(recovery.id, { enabled: false }, { csrf: false })).statusCode, 403);
    const leaderBrowser = await signIn(ctx.app, leader.email);
    assert.equal((await leaderBrowser.send(ctx.app, 'PATCH', `/app/api/alerts/${recovery.id}`, { payload: { enabled: false } })).statusCode, 403);
    const stranger = await createCompany(ctx.services, { brands: ['x'] });
    const strangerAdmin = await createEmployee(ctx.services, stranger.id, { role: 'Admin' });
    await setPassword(ctx.db, strangerAdmin);
    const strangerBrowser = await signIn(ctx.app, strangerAdmin.email);
    const foreign = await strangerBrowser.send(ctx.app, 'PATCH', `/app/api/alerts/${recovery.id}`, { payload: { enabled: false } });
    assert.equal(foreign.statusCode, 404);
    assert.match(foreign.json().message, new RegExp(`no alert rule ${recovery.id} in this company`));
    assert.equal((await patch(2_147_483_647, { enabled: false })).statusCode, 404);

    // A rating range, a name and a cleared team leader; the URL is kept (the sample goes to the old path).
    const edited = await patch(recovery.id, { name: 'Low ratings', min_rating: 2, max_rating: 3, team_leader_email: null, enabled: false });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.headers['cache-control'], 'no-store');
    const rule = edited.json();
    assert.deepEqual([rule.name, rule.min_rating, rule.max_rating, rule.team_leader, rule.enabled, rule.target, rule.url_host], ['Low ratings', 2, 3, null, false, 'teams', teams.host]);
    assert.equal((await patch(recovery.id, {})).json().name, 'Low ratings', 'an empty change changes nothing');
    assert.equal((await patch(recovery.id, { name: 'Low ratings' })).statusCode, 200, 'a rule keeps its own name');
    const tested = await browser.send(ctx.app, 'POST', `/app/api/alerts/${recovery.id}/test`);
    assert.equal(tested.json().last_status, 'sent');
    assert.equal(teams.paths.at(-1), `/webhookb2/${company.subdomain}teamssecret`);

    // A new URL (to Slack now) replaces the sealed one; no answer shows it; the column is not the plaintext.
    const newUrl = slack.url(`/services/T1/B1/${company.subdomain}newsecret`);
    const moved = await patch(recovery.id, { target: 'slack', url: newUrl, enabled: true });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.deepEqual([moved.json().target, moved.json().url_host, moved.json().enabled], ['slack', slack.host, true]);
    const listed = await browser.send(ctx.app, 'GET', '/app/api/alerts');
    for (const body of [moved.body, listed.body]) assert.doesNotMatch(body, /newsecret|services\/T1|teamssecret/);
    const stored = await ctx.db.kysely.selectFrom('alert_rules').select('url').where('id', '=', recovery.id).executeTakeFirstOrThrow();
    assert.match(stored.url, /^v1:[0-9a-f]{8}:/);
    assert.notEqual(stored.url, unchanged.url);
    assert.doesNotMatch(stored.url, /127\.0\.0\.1|secret|http/);
    const sample = await browser.send(ctx.app, 'POST', `/app/api/alerts/${recovery.id}/test`);
    assert.equal(sample.json().last_status, 'sent');
    assert.equal(slack.paths.at(-1), `/services/T1/B1/${company.subdomain}newsecret`);
    assert.equal(shoutOuts.url_host, slack.host);
  });

  it('alert update on the command line: options left out keep their value; bad ones are refused naming the option', async () => {
    const { company, leader } = await alertWorld();
    const updated = await cli('alert', 'update', '--company', company.subdomain, 'service recovery', '--min-rating', '2', '--max-rating', '3', '--comment-required', 'true', '--team-leader', '', '--json');
    assert.equal(updated.code, 0, updated.stderr);
    const rule = JSON.parse(updated.stdout);
    assert.deepEqual([rule.name, rule.min_rating, rule.max_rating, rule.comment_required, rule.team_leader, rule.enabled, rule.url_host], ['Service recovery', 2, 3, true, null, true, teams.host]);
    const text = await cli('alert', 'update', '--company', company.subdomain, String(rule.id), '--team-leader', leader.email, '--name', 'Recovery', '--disable');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^alert rule ${rule.id} "Recovery" updated \\(paused\\) → teams \\(${teams.host.replace(/\./g, '\\.')}\\)$`, 'm'));
    for (const [args, reason] of [
      [['--comment-required', 'yes'], /^error: --comment-required: true or false$/m],
      [['--enable', '--disable'], /^error: --enable and --disable: choose one$/m],
      [['--min-rating', '4'], /^error: min_rating 4 is above max_rating 3$/m],
      [['--url', 'nope'], /^error: url: not a URL/m],
      [['--target', 'email'], /^error: --target: slack or teams$/m],
    ] as const) {
      const refused = await cli('alert', 'update', '--company', company.subdomain, 'Recovery', ...args);
      assert.equal(refused.code, 1, args.join(' '));
      assert.match(refused.stderr, reason, args.join(' '));
    }
    const listed = await cli('alert', 'list', '--company', company.subdomain, '--json');
    const rules = JSON.parse(listed.stdout) as { name: string; enabled: boolean; comment_required: boolean; team_leader: { email: string } | null }[];
    assert.deepEqual(rules.map((r) => [r.name, r.enabled, r.comment_required, r.team_leader?.email ?? null]), [['Shout-outs', true, true, null], ['Recovery', false, true, leader.email]]);
  });
});
