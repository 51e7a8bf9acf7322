import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ReceiverAnswer } from './email-event-receivers.ts';

/** Webhooks for email services and mail servers, not API operations: out of the OpenAPI document. */
const hide = true;

/** A delivery report with its returned message fits; anything larger is no report of ours. */
const BODY_LIMIT = 5 * 1024 * 1024;

/**
 * POST /email-events/{ses,sendgrid,postmark,mailgun,inbound}: delivery-event webhooks (bounces and
 * complaints after a message was accepted). Bodies are kept raw: the signatures cover the bytes.
 */
export const emailEventsRoutes: FastifyPluginAsync = async (app) => {
  const receivers = app.services.emailEventReceivers;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));

  const answer = (reply: FastifyReply, result: ReceiverAnswer) => reply.code(result.status).headers(result.headers ?? {}).send(result.body);
  const raw = (body: unknown) => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));
  const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const options = { schema: { hide }, bodyLimit: BODY_LIMIT };

  app.post('/email-events/ses', options, async (request, reply) => answer(reply, await receivers.ses(raw(request.body), request.log)));
  app.post('/email-events/sendgrid', options, async (request, reply) =>
    answer(
      reply,
      await receivers.sendgrid(
        raw(request.body),
        header(request.headers['x-twilio-email-event-webhook-signature']),
        header(request.headers['x-twilio-email-event-webhook-timestamp']),
        request.log,
      ),
    ),
  );
  app.post('/email-events/postmark', options, async (request, reply) => answer(reply, await receivers.postmark(raw(request.body), request.headers.authorization, request.log)));
  app.post('/email-events/mailgun', options, async (request, reply) => answer(reply, await receivers.mailgun(raw(request.body), request.log)));
  app.post('/email-events/inbound', options, async (request, reply) =>
    answer(reply, await receivers.inbound(raw(request.body), request.headers.authorization, request.headers['content-type'], request.log)),
  );
};
