import assert from 'node:assert/strict';
import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { CompanyCredentials } from '../../src/modules/companies/companies.service.ts';
import { attemptDelivery } from '../../src/modules/webhooks/webhook-delivery.ts';
import { isPrivateAddress, publicOnlyLookup } from '../../src/modules/webhooks/webhook-target.ts';
import { companyWithEmployee } from '../helpers/factories.ts';
import { createTestContext, type TestContext } from '../helpers/test-app.ts';

// Webhook URLs are chosen by tenants; by default they must not reach the server's own host or networks.
let ctx: TestContext;
let company: CompanyCredentials;
let employeeEmail: string;
let receiver: http.Server;
let receiverPort: number;
let received = 0;

before(async () => {
  ctx = await createTestContext();
  ({ company, employeeEmail } = await companyWithEmployee(ctx.services));
  receiver = http.createServer((_req, res) => {
    received++;
    res.end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverPort = (receiver.address() as AddressInfo).port;
});
after(async () => {
  receiver.close();
  await ctx.close();
});

function register(url: string) {
  return ctx.as(company).post('/v2/webhooks', { url, events: ['recovery.created'] });
}

/**
 * IPv6 spellings that reach (or tunnel to) a loopback or private IPv4 address: IPv4-compatible
 * ::/96, IPv4-mapped ::ffff:0:0/96 in every textual form, SIIT, NAT64, 6to4 and Teredo.
 */
const EMBEDDING_FORMS = [
  '::127.0.0.1',
  '::7f00:1',
  '::a00:1',
  '::ffff:7f00:1',
  '0:0:0:0:0:ffff:7f00:1',
  '0000:0000:0000:0000:0000:FFFF:7F00:0001',
  '::FFFF:127.0.0.1',
  '::ffff:a9fe:a9fe',
  '::ffff:0:7f00:1',
  '64:ff9b::127.0.0.1',
  '64:ff9b:1::a00:1',
  '2002:7f00:1::1',
  '2002:a00:1::',
  '2001:0:4136:e378:8000:63bf:80ff:fffe',
];

describe('webhook targets', () => {
  it('classifies addresses: loopback, private, link-local, unique-local, mapped and non-unicast are private', () => {
    const privateOnes = ['127.0.0.1', '127.1.2.3', '10.0.0.5', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255', '::1', '::', 'fd00::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::a00:1', ...EMBEDDING_FORMS];
    const publicOnes = ['93.184.216.34', '8.8.8.8', '172.32.0.1', '192.169.0.1', '2606:2800:220:1::1', '::ffff:93.184.216.34', '::ffff:5db8:d822', '2001:db8::1', '2a00:1450:4001::1'];
    for (const address of privateOnes) assert.equal(isPrivateAddress(address), true, address);
    for (const address of publicOnes) assert.equal(isPrivateAddress(address), false, address);
  });

  it('refuses to register a loopback, private or link-local address, naming the url', async () => {
    for (const url of [
      `http://127.0.0.1:${receiverPort}/hooks`,
      'http://10.1.2.3/hooks',
      'https://192.168.0.10/hooks',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:8080/hooks',
      'http://[::ffff:127.0.0.1]/hooks',
      'http://[fd12:3456::1]/hooks',
      'http://localhost:8080/hooks',
      'http://LocalHost./hooks',
      'http://2130706433/hooks',
      'http://admin.localhost/hooks',
      'http://0.0.0.0/hooks',
    ]) {
      const response = await register(url);
      assert.equal(response.statusCode, 422, `${url}: ${response.body}`);
      assert.match(response.json().errors[0], /^url must be reachable on the internet: address not allowed \(.* is loopback, private, link-local or reserved\)$/, url);
    }
  });

  it('refuses to register every IPv6 form that embeds or tunnels to a private IPv4 address', async () => {
    for (const address of EMBEDDING_FORMS) {
      const url = `http://[${address}]:${receiverPort}/hooks`;
      const response = await register(url);
      assert.equal(response.statusCode, 422, `${url}: ${response.body}`);
      assert.match(response.json().errors[0], /^url must be reachable on the internet: address not allowed/, url);
    }
  });

  it('registers public addresses and names', async () => {
    for (const url of ['https://hooks.example.com/agent-connect', 'http://93.184.216.34/hooks']) {
      assert.equal((await register(url)).statusCode, 201, url);
    }
  });

  it('refuses, when connecting, a name that resolves to a private address (real lookup of localhost)', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup('localhost', { all: true }, (failure) => resolve(failure)));
    assert.equal(error?.code, 'EPRIVATEADDRESS');
    assert.equal(error!.message, 'address not allowed', 'the refusal does not say what the name resolved to');
  });

  it('does not deliver to an endpoint that points at a private address, and records why', async () => {
    const endpoint = (await register('https://hooks.example.com/moved')).json();
    // As if the endpoint had been stored before the check, or by an operator who since turned private targets off.
    await ctx.db.kysely.updateTable('webhook_endpoints').set({ url: `http://localhost:${receiverPort}/hooks` }).where('id', '=', endpoint.id).execute();
    await ctx.db.kysely.updateTable('webhook_endpoints').set({ enabled: 0 }).where('company_id', '=', company.id).where('id', '!=', endpoint.id).execute();
    const initial = (await ctx.as(company).post('/v1/requests', { customer: { email: 'c@example.com' }, employee: { email: employeeEmail }, channel: 'chat' })).json().request_id;
    assert.equal((await ctx.as(company).post('/v1/recoveries', { initial_feedback_request_id: initial })).statusCode, 200);
    const delivery = await ctx.db.kysely.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', endpoint.id).executeTakeFirstOrThrow();

    const refused = await attemptDelivery(ctx.services.webhooksRepository, { allowPrivateNetworks: false }, company.id, delivery.id);
    assert.equal(refused.outcome, 'retry');
    assert.equal(refused.outcome === 'retry' ? refused.error : '', 'address not allowed');
    assert.equal(received, 0, 'the private receiver was never called');

    // A name that passes the registration check is refused by the lookup of the connection itself:
    // this machine's own host name, which the system resolver maps to one of its private addresses.
    const hostname = os.hostname();
    const { address } = await dns.promises.lookup(hostname);
    assert.ok(isPrivateAddress(address), `${hostname} resolves to ${address}; this test needs a host name that resolves to a private address`);
    await ctx.db.kysely.updateTable('webhook_endpoints').set({ url: `http://${hostname}:${receiverPort}/hooks` }).where('id', '=', endpoint.id).execute();
    const resolvedPrivate = await attemptDelivery(ctx.services.webhooksRepository, { allowPrivateNetworks: false }, company.id, delivery.id);
    assert.equal(resolvedPrivate.outcome, 'retry');
    assert.equal(resolvedPrivate.outcome === 'retry' ? resolvedPrivate.error : '', 'address not allowed');
    assert.equal(received, 0, 'the private receiver was never called');
    const log = await ctx.as(company).get(`/v2/webhooks/${endpoint.id}/deliveries`);
    assert.equal(log.json().deliveries[0].last_error, 'address not allowed', 'the tenant reads no address in its delivery log');
    assert.ok(!log.body.includes(address), `the delivery log reveals that ${hostname} resolves to ${address}`);

    // Stored literal addresses in every embedding form are refused at delivery too.
    for (const embedded of EMBEDDING_FORMS) {
      await ctx.db.kysely.updateTable('webhook_endpoints').set({ url: `http://[${embedded}]:${receiverPort}/hooks` }).where('id', '=', endpoint.id).execute();
      const result = await attemptDelivery(ctx.services.webhooksRepository, { allowPrivateNetworks: false }, company.id, delivery.id);
      assert.deepEqual(result, { event: 'recovery.created', outcome: 'retry', error: 'address not allowed' }, embedded);
    }
    assert.equal(received, 0, 'the private receiver was never called');

    await ctx.db.kysely.updateTable('webhook_endpoints').set({ url: `http://localhost:${receiverPort}/hooks` }).where('id', '=', endpoint.id).execute();
    const allowed = await attemptDelivery(ctx.services.webhooksRepository, { allowPrivateNetworks: true }, company.id, delivery.id);
    assert.deepEqual(allowed, { event: 'recovery.created', outcome: 'delivered', status: 200 });
    assert.equal(received, 1);
  });
});
