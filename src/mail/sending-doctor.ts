import { createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import type { Config } from '../config.ts';

/** One line of `agent-connect doctor`. */
export interface DoctorCheck {
  check: 'spf' | 'dkim' | 'dmarc' | 'alignment' | 'smtp';
  status: 'OK' | 'WARN' | 'FAIL';
  message: string;
  /** The DNS record to publish (or that is published, when OK). */
  record?: { name: string; type: 'TXT'; value: string };
}

/** Looks up TXT records as node:dns does (each record a list of strings). */
export type TxtResolver = (name: string) => Promise<string[][]>;

export interface DoctorTools {
  resolveTxt: TxtResolver;
  /** Connects to SMTP_URL and says EHLO; throws when it cannot. */
  verifySmtp: (smtpUrl: string) => Promise<void>;
}

/** DNS answers meaning "no such record" (as opposed to "the DNS server could not be asked"). */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA']);

class DnsUnreachable extends Error {}

/**
 * Checks what a receiving mail server checks: SPF for the sending domain(s), the DKIM public key
 * matching DKIM_PRIVATE_KEY_FILE, a DMARC policy, DKIM's alignment with the From domain, and that
 * SMTP_URL answers EHLO. When DNS cannot be asked, says so and prints what to publish instead.
 */
export async function checkSendingSetup(config: Pick<Config, 'smtpFrom' | 'smtpUrl' | 'dkim' | 'bounceAddress'>, tools: DoctorTools): Promise<DoctorCheck[]> {
  const fromDomain = domainOf(config.smtpFrom);
  const txt = async (name: string): Promise<string[]> => {
    try {
      return (await tools.resolveTxt(name)).map((strings) => strings.join(''));
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (NO_RECORD.has(code)) return [];
      throw new DnsUnreachable(`DNS not reachable (${code || (error as Error).message})`);
    }
  };
  const guarded = async (check: DoctorCheck['check'], run: () => Promise<DoctorCheck>, fallback: () => DoctorCheck['record']): Promise<DoctorCheck> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DnsUnreachable)) throw error;
      const record = fallback();
      return { check, status: 'WARN', message: `${error.message}: could not look it up${record ? '; here is what to publish' : ''}`, ...(record ? { record } : {}) };
    }
  };

  const checks: DoctorCheck[] = [];
  const spfDomains = [...new Set([fromDomain, ...(config.bounceAddress ? [domainOf(config.bounceAddress)] : [])])];
  for (const domain of spfDomains) checks.push(await guarded('spf', () => spfCheck(domain, config.smtpUrl, txt), () => spfRecord(domain, config.smtpUrl)));
  if (config.dkim) {
    const dkim = config.dkim;
    checks.push(await guarded('dkim', () => dkimCheck(dkim, txt), () => dkimRecord(dkim)));
    checks.push(alignmentCheck(fromDomain, dkim.domain));
  } else {
    checks.push({ check: 'dkim', status: 'WARN', message: 'emails are not DKIM-signed: set DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY_FILE (a key made with `openssl genrsa -out dkim.pem 2048`)' });
  }
  checks.push(await guarded('dmarc', () => dmarcCheck(fromDomain, txt), () => dmarcRecord(fromDomain)));
  checks.push(await smtpCheck(config.smtpUrl, tools));
  return checks;
}

async function spfCheck(domain: string, smtpUrl: string | null, txt: (name: string) => Promise<string[]>): Promise<DoctorCheck> {
  const found = (await txt(domain)).filter((value) => /^v=spf1(\s|$)/i.test(value));
  if (found.length === 0) return { check: 'spf', status: 'WARN', message: `no SPF record for ${domain}: receivers cannot tell which servers may send its mail`, record: spfRecord(domain, smtpUrl) };
  if (found.length > 1) return { check: 'spf', status: 'FAIL', message: `${found.length} SPF records for ${domain} (receivers treat that as an error): merge them into one`, record: { name: domain, type: 'TXT', value: found[0] } };
  const record = { name: domain, type: 'TXT' as const, value: found[0] };
  if (/\s\+?all\s*$/i.test(found[0])) {
    return { check: 'spf', status: 'WARN', message: `the SPF record of ${domain} ends in +all: it lets any server send as ${domain}; end it in ~all or -all`, record };
  }
  return { check: 'spf', status: 'OK', message: `SPF record for ${domain}`, record };
}

async function dkimCheck(dkim: NonNullable<Config['dkim']>, txt: (name: string) => Promise<string[]>): Promise<DoctorCheck> {
  const keyType = createPublicKey(dkim.privateKey).asymmetricKeyType;
  if (keyType !== 'rsa') return { check: 'dkim', status: 'FAIL', message: `DKIM_PRIVATE_KEY_FILE holds an ${keyType} key: nodemailer signs with RSA only (openssl genrsa -out dkim.pem 2048)` };
  const expected = dkimRecord(dkim);
  const published = (await txt(expected.name)).find((value) => /(^|;)\s*p=/i.test(value));
  if (!published) return { check: 'dkim', status: 'FAIL', message: `no DKIM key published at ${expected.name}: receivers cannot verify the signatures`, record: expected };
  const key = /(?:^|;)\s*p=([^;]*)/i.exec(published)?.[1]?.replace(/\s+/g, '') ?? '';
  if (key !== publicKeyBase64(dkim.privateKey)) {
    return { check: 'dkim', status: 'FAIL', message: `the DKIM key at ${expected.name} is not the public key of DKIM_PRIVATE_KEY_FILE: signatures fail; publish this record`, record: expected };
  }
  return { check: 'dkim', status: 'OK', message: `DKIM key at ${expected.name} matches DKIM_PRIVATE_KEY_FILE`, record: expected };
}

async function dmarcCheck(fromDomain: string, txt: (name: string) => Promise<string[]>): Promise<DoctorCheck> {
  // Receivers fall back to the organisational domain; the last two labels stand in for it (no public suffix list).
  const candidates = [...new Set([fromDomain, fromDomain.split('.').slice(-2).join('.')])];
  for (const domain of candidates) {
    const found = (await txt(`_dmarc.${domain}`)).find((value) => /^v=DMARC1\s*(;|$)/i.test(value));
    if (found) {
      const policy = /(?:^|;)\s*p=([a-z]+)/i.exec(found)?.[1] ?? 'none';
      return { check: 'dmarc', status: 'OK', message: `DMARC policy p=${policy} at _dmarc.${domain}`, record: { name: `_dmarc.${domain}`, type: 'TXT', value: found } };
    }
  }
  return { check: 'dmarc', status: 'WARN', message: `no DMARC record at _dmarc.${fromDomain}: publish one (p=none to start, with reports to rua)`, record: dmarcRecord(fromDomain) };
}

/** Relaxed DMARC alignment: the same domain, or one a subdomain of the other. */
function alignmentCheck(fromDomain: string, dkimDomain: string): DoctorCheck {
  const aligned = fromDomain === dkimDomain || fromDomain.endsWith(`.${dkimDomain}`) || dkimDomain.endsWith(`.${fromDomain}`);
  return aligned
    ? { check: 'alignment', status: 'OK', message: `DKIM_DOMAIN ${dkimDomain} aligns with the From domain ${fromDomain}` }
    : { check: 'alignment', status: 'WARN', message: `DKIM_DOMAIN ${dkimDomain} does not align with the From domain ${fromDomain} (SMTP_FROM): DMARC cannot pass on DKIM; sign with ${fromDomain} or a parent of it` };
}

async function smtpCheck(smtpUrl: string | null, tools: DoctorTools): Promise<DoctorCheck> {
  if (!smtpUrl) return { check: 'smtp', status: 'WARN', message: 'SMTP_URL is not set: emails are written as .eml files under DATA_DIR/outbox, not sent' };
  const url = new URL(smtpUrl);
  const where = `${url.protocol}//${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`; // never the credentials
  try {
    await tools.verifySmtp(smtpUrl);
    return { check: 'smtp', status: 'OK', message: `${where} answers EHLO` };
  } catch (error) {
    return { check: 'smtp', status: 'FAIL', message: `${where} is not reachable: ${(error as Error).message}` };
  }
}

/** An SPF record allowing the SMTP relay's address (a hosted relay documents its own include:, such as include:amazonses.com). */
function spfRecord(domain: string, smtpUrl: string | null): NonNullable<DoctorCheck['record']> {
  const host = smtpUrl ? new URL(smtpUrl).hostname.replace(/^\[|\]$/g, '') : null;
  const mechanism = !host ? 'mx' : isIP(host) === 4 ? `ip4:${host}` : isIP(host) === 6 ? `ip6:${host}` : `a:${host}`;
  return { name: domain, type: 'TXT', value: `v=spf1 ${mechanism} ~all` };
}

function dmarcRecord(domain: string): NonNullable<DoctorCheck['record']> {
  return { name: `_dmarc.${domain}`, type: 'TXT', value: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}` };
}

/** The exact DKIM record for DKIM_PRIVATE_KEY_FILE. */
export function dkimRecord(dkim: NonNullable<Config['dkim']>): NonNullable<DoctorCheck['record']> {
  return { name: `${dkim.selector}._domainkey.${dkim.domain}`, type: 'TXT', value: `v=DKIM1; k=rsa; p=${publicKeyBase64(dkim.privateKey)}` };
}

/** The public key of a PEM private key as DKIM publishes it: base64 of its SubjectPublicKeyInfo. */
export function publicKeyBase64(privateKeyPem: string): string {
  return (createPublicKey(privateKeyPem).export({ type: 'spki', format: 'der' }) as Buffer).toString('base64');
}

function domainOf(address: string): string {
  return address.split('@').pop()!.toLowerCase();
}
