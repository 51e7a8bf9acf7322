import type { Command } from 'commander';
import { pino } from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { withServices } from './cli-helpers.ts';

/** EX_TEMPFAIL (sysexits.h): a mail server's pipe transport keeps the report and retries later. */
const TEMPORARY_FAILURE = 75;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function registerEmailEventCommands(program: Command): void {
  const emailEvent = program.command('email-event').description('Delivery reports that arrive after an email was accepted (bounces, complaints)');

  emailEvent
    .command('dsn')
    .description("Read one delivery status notification (RFC 3464) on stdin, as a mail server's pipe transport delivers it, and apply it")
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }) => {
      const raw = await readStdin();
      try {
        await withServices(async (services) => {
          const log = pino({ level: services.config.logLevel }, process.stderr) as unknown as FastifyBaseLogger;
          const answer = await services.emailEventReceivers.dsn(raw, log);
          const outcome = Array.isArray(answer.body.outcomes) ? String(answer.body.outcomes[0]) : String(answer.body.message ?? answer.status);
          process.stdout.write(options.json ? `${JSON.stringify({ outcome })}\n` : `${outcome}\n`);
        });
      } catch (error) {
        process.stderr.write(`error: the report could not be applied (${(error as Error).message}); try again later\n`);
        process.exitCode = TEMPORARY_FAILURE;
      }
    });
}
