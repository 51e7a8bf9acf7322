import { Resolver } from 'node:dns/promises';
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import type nodemailer from 'nodemailer';
import { loadConfig } from '../config.ts';
import { checkSendingSetup, type DoctorCheck, type DoctorTools } from '../mail/sending-doctor.ts';

const require = createRequire(import.meta.url);

/** `agent-connect doctor`: checks the sending setup (SPF, DKIM, DMARC, alignment, SMTP) and prints what to publish. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description("Check the email sending setup: the sending domain's SPF, DKIM and DMARC records, DKIM alignment and SMTP_URL; print the records to publish")
    .option('--json', 'print the checks as JSON')
    .option('--dns-server <host:port>', 'ask this DNS server instead of the system resolver')
    .action(async (options: { json?: boolean; dnsServer?: string }) => {
      const config = loadConfig();
      const checks = await checkSendingSetup(config, tools(options.dnsServer));
      const ok = checks.every((check) => check.status !== 'FAIL');
      process.stdout.write(options.json ? `${JSON.stringify({ ok, checks }, null, 2)}\n` : formatChecks(checks));
      if (!ok) process.exitCode = 1;
    });
}

function tools(dnsServer: string | undefined): DoctorTools {
  const resolver = new Resolver({ timeout: 3_000, tries: 2 });
  if (dnsServer) resolver.setServers([dnsServer]);
  return {
    resolveTxt: (name) => resolver.resolveTxt(name),
    async verifySmtp(smtpUrl) {
      const transport = (require('nodemailer') as typeof nodemailer).createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 10_000 } as Parameters<typeof nodemailer.createTransport>[0]);
      try {
        await transport.verify();
      } finally {
        transport.close();
      }
    },
  };
}

/** One line per check; under it the record to publish (as a zone-file line when it is longer than a TXT string may be). */
export function formatChecks(checks: DoctorCheck[]): string {
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(`${check.status.padEnd(4)} ${check.check.padEnd(9)} ${check.message}`);
    if (check.record && check.status !== 'OK') {
      lines.push(`     publish: ${check.record.name} ${check.record.type} "${check.record.value}"`);
      if (check.record.value.length > 255) lines.push(`     zone file: ${check.record.name}. IN TXT ( ${splitTxt(check.record.value)} )`);
    }
  }
  const failed = checks.filter((check) => check.status === 'FAIL').length;
  const warned = checks.filter((check) => check.status === 'WARN').length;
  lines.push(failed ? `${failed} check(s) failed, ${warned} warning(s)` : warned ? `no failures, ${warned} warning(s)` : 'all checks passed');
  return `${lines.join('\n')}\n`;
}

/** A TXT value as quoted strings of at most 255 characters (one TXT string's limit). */
function splitTxt(value: string): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i += 255) parts.push(`"${value.slice(i, i + 255)}"`);
  return parts.join(' ');
}
