import type { Command } from 'commander';
import { InvalidInputError } from '../lib/errors.ts';
import { operatorScope } from '../modules/access/scope.ts';
import type { AlertRuleOut } from '../modules/alerts/alerts.schemas.ts';
import { alignRows, print, withServices } from './cli-helpers.ts';

function rating(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 5) throw new InvalidInputError(`${option}: a whole number from 1 to 5`);
  return number;
}

function yesNo(value: string, option: string): boolean {
  if (value !== 'true' && value !== 'false') throw new InvalidInputError(`${option}: true or false`);
  return value === 'true';
}

function describe(rule: AlertRuleOut): string[] {
  const range = rule.min_rating === rule.max_rating ? `${rule.min_rating}★` : `${rule.min_rating}-${rule.max_rating}★`;
  const conditions = [range, rule.comment_required ? 'with a comment' : '', rule.team_leader ? `team of ${rule.team_leader.email}` : ''].filter(Boolean).join(', ');
  const last = rule.last_status === null ? 'never sent' : `${rule.last_status} ${rule.last_sent_at}${rule.last_error ? ` (${rule.last_error})` : ''}`;
  return [String(rule.id), rule.name, rule.enabled ? 'on' : 'paused', `${rule.target} → ${rule.url_host}`, conditions, last];
}

/** `agent-connect alert add|update|list|remove|test`: Slack and Microsoft Teams alerts of finished responses. */
export function registerAlertCommands(program: Command): void {
  const alert = program.command('alert').description('Slack and Microsoft Teams alerts of finished responses (also on the Connections page)');

  alert
    .command('add')
    .description('Post finished responses in a rating range to a Slack or Teams incoming webhook')
    .requiredOption('--company <subdomain>', 'the company')
    .requiredOption('--name <name>', 'a name for the rule, e.g. "Shout-outs"')
    .requiredOption('--target <target>', 'slack or teams')
    .requiredOption('--url <url>', 'the incoming-webhook URL Slack or Teams gave you (https; kept sealed)')
    .requiredOption('--min-rating <n>', 'lowest star rating that matches (1-5)')
    .requiredOption('--max-rating <n>', 'highest star rating that matches (1-5)')
    .option('--comment-required', 'only responses with a comment')
    .option('--team-leader <email>', "only responses about this team leader's agents")
    .option('--json', 'print one JSON object')
    .action((options) =>
      withServices(async (services) => {
        if (options.target !== 'slack' && options.target !== 'teams') throw new InvalidInputError('--target: slack or teams');
        const company = await services.companies.requireBySubdomain(options.company);
        const rule = await services.alerts.create(operatorScope(company), {
          name: options.name,
          target: options.target,
          url: options.url,
          min_rating: rating(options.minRating, '--min-rating'),
          max_rating: rating(options.maxRating, '--max-rating'),
          comment_required: options.commentRequired === true,
          team_leader_email: options.teamLeader ?? null,
        });
        print(options.json, rule, `alert rule ${rule.id} "${rule.name}" → ${rule.target} (${rule.url_host})`);
      }),
    );

  alert
    .command('update')
    .description('Change, pause (--disable) or resume (--enable) an alert rule; options left out keep their value')
    .requiredOption('--company <subdomain>', 'the company')
    .argument('<rule>', 'the rule id or name')
    .option('--name <name>', 'a new name')
    .option('--target <target>', 'slack or teams')
    .option('--url <url>', 'a new incoming-webhook URL (https; kept sealed)')
    .option('--min-rating <n>', 'lowest star rating that matches (1-5)')
    .option('--max-rating <n>', 'highest star rating that matches (1-5)')
    .option('--comment-required <true|false>', 'only responses with a comment, or not')
    .option('--team-leader <email>', 'only responses about this team leader\'s agents ("" for everyone)')
    .option('--enable', 'resume the rule')
    .option('--disable', 'pause the rule: nothing is posted until it is enabled again')
    .option('--json', 'print one JSON object')
    .action((nameOrId: string, options) =>
      withServices(async (services) => {
        if (options.enable && options.disable) throw new InvalidInputError('--enable and --disable: choose one');
        if (options.target !== undefined && options.target !== 'slack' && options.target !== 'teams') throw new InvalidInputError('--target: slack or teams');
        const company = await services.companies.requireBySubdomain(options.company);
        const scope = operatorScope(company);
        const rule = await services.alerts.update(scope, await services.alerts.idOf(scope, nameOrId), {
          name: options.name,
          target: options.target,
          url: options.url,
          min_rating: options.minRating === undefined ? undefined : rating(options.minRating, '--min-rating'),
          max_rating: options.maxRating === undefined ? undefined : rating(options.maxRating, '--max-rating'),
          comment_required: options.commentRequired === undefined ? undefined : yesNo(options.commentRequired, '--comment-required'),
          team_leader_email: options.teamLeader,
          enabled: options.enable ? true : options.disable ? false : undefined,
        });
        print(options.json, rule, `alert rule ${rule.id} "${rule.name}" updated (${rule.enabled ? 'on' : 'paused'}) → ${rule.target} (${rule.url_host})`);
      }),
    );

  alert
    .command('list')
    .description("A company's alert rules (URLs by host only) and their last delivery")
    .requiredOption('--company <subdomain>', 'the company')
    .option('--json', 'print one JSON array')
    .action((options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const { rules } = await services.alerts.list(operatorScope(company));
        print(options.json, rules, rules.length === 0 ? 'no alert rules' : alignRows(rules.map(describe)));
      }),
    );

  alert
    .command('remove')
    .description('Remove an alert rule')
    .requiredOption('--company <subdomain>', 'the company')
    .argument('<rule>', 'the rule id or name')
    .action((nameOrId: string, options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const scope = operatorScope(company);
        const id = await services.alerts.idOf(scope, nameOrId);
        await services.alerts.remove(scope, id);
        print(false, null, `alert rule ${id} removed`);
      }),
    );

  alert
    .command('test')
    .description("Send a sample message to a rule's Slack or Teams channel now")
    .requiredOption('--company <subdomain>', 'the company')
    .argument('<rule>', 'the rule id or name')
    .option('--json', 'print the rule with the outcome as one JSON object')
    .action((nameOrId: string, options) =>
      withServices(async (services) => {
        const company = await services.companies.requireBySubdomain(options.company);
        const scope = operatorScope(company);
        const rule = await services.alerts.test(scope, await services.alerts.idOf(scope, nameOrId));
        print(options.json, rule, rule.last_status === 'sent' ? `sample sent to ${rule.url_host}` : `sample not delivered: ${rule.last_error}`);
        if (rule.last_status !== 'sent') process.exitCode = 1;
      }),
    );
}
