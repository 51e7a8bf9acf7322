import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { messagesFor } from './i18n/translations.ts';
import { contentSecurityPolicy, renderClosingPage, renderMessagePage, renderSurveyPage, renderUnsubscribePage } from './survey-page.ts';
import { pageAfterPost } from './survey-navigation.ts';
import { FormBody, PageQuery, RateParams, ThanksQuery, TokenParams, SurveyInputError } from './survey.schemas.ts';
import { SurveyNotFound, type SurveyContext } from './survey.service.ts';
import { csrfToken, isCrossSite, validCsrf } from './survey-csrf.ts';

/** Pages and form posts for a customer's browser (and one-click unsubscribe for mail clients), not API operations: out of the OpenAPI document. */
const hide = true;

/** Customer survey pages under /s: server-rendered, no scripts, strict CSP, CSRF-checked posts. */
export const surveyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(formbody, { bodyLimit: 32 * 1024 });
  const service = app.services.survey;
  const secure = app.services.config.publicUrl.startsWith('https:');

  // nosniff, HSTS and framing come from the security-headers plugin; pages add their own CSP (page()).
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const messages = messagesFor(preferredLanguage(request));
    if (error instanceof SurveyNotFound || error.validationContext === 'params') return page(reply, 404, renderMessagePage(messages, messages.notFound));
    if (error instanceof SurveyInputError || error.validation || (error.statusCode ?? 500) < 500) {
      const status = error instanceof SurveyInputError || error.validation ? 400 : (error.statusCode ?? 400);
      return page(reply, status, renderMessagePage(messages, messages.badInput));
    }
    request.log.error({ err: error }, 'survey page failed');
    return page(reply, 500, renderMessagePage(messages, messages.badInput));
  });
  app.setNotFoundHandler((request, reply) => {
    const messages = messagesFor(preferredLanguage(request));
    return page(reply, 404, renderMessagePage(messages, messages.notFound));
  });

  /** Opens the survey or answers 404 / 410 pages. */
  async function open(token: string, reply: FastifyReply): Promise<SurveyContext | null> {
    const ctx = await service.open(token);
    if (ctx.state === 'expired') {
      await page(reply, 410, renderMessagePage(ctx.messages, ctx.messages.expired, ctx.brand));
      return null;
    }
    return ctx;
  }

  function csrfFor(request: FastifyRequest, reply: FastifyReply): string {
    const token = csrfToken(request);
    reply.header('set-cookie', `ac_csrf=${token}; Path=/s/; HttpOnly; SameSite=Strict; Max-Age=86400${secure ? '; Secure' : ''}`);
    return token;
  }

  app.get('/:token', { schema: { hide, params: TokenParams, querystring: PageQuery } }, async (request, reply) => {
    const ctx = await open(request.params.token, reply);
    if (!ctx) return reply;
    if (ctx.state === 'finished') return page(reply, 200, renderMessagePage(ctx.messages, ctx.messages.finished, ctx.brand));
    const { saved, rating, step, nudge } = request.query;
    const previewRating = ctx.isTest ? rating : undefined;
    return page(reply, 200, renderSurveyPage(ctx, { csrf: csrfFor(request, reply), saved: saved === '1', previewRating, step, nudge: nudge === '1' }));
  });

  /** The closing screen, reached by the final Send; the customer may go back until the survey is finished. */
  app.get('/:token/thanks', { schema: { hide, params: TokenParams, querystring: ThanksQuery } }, async (request, reply) => {
    const ctx = await open(request.params.token, reply);
    if (!ctx) return reply;
    const rating = ctx.isTest ? (request.query.rating ?? null) : ctx.rating;
    return page(reply, 200, renderClosingPage(ctx, rating));
  });

  // A GET of a star link records the rating (unless it is part of a link scanner's burst: scanner-rule.ts).
  app.get('/:token/rate/:rating', { exposeHeadRoute: false, schema: { hide, params: RateParams } }, async (request, reply) => {
    const { token, rating } = request.params;
    const ctx = await open(token, reply);
    if (!ctx) return reply;
    await service.rate(ctx, rating, request.headers['user-agent']);
    return reply.redirect(`/s/${token}${ctx.isTest ? `?rating=${rating}` : ''}`, 303);
  });

  // A HEAD of a star link is a link scanner checking it: the same answer as a GET, and nothing is recorded.
  app.head('/:token/rate/:rating', { schema: { hide, params: RateParams } }, async (request, reply) => {
    const { token, rating } = request.params;
    const ctx = await open(token, reply);
    if (!ctx) return reply;
    return reply.redirect(`/s/${token}${ctx.isTest ? `?rating=${rating}` : ''}`, 303);
  });

  app.post('/:token', { schema: { hide, params: TokenParams, body: FormBody } }, async (request, reply) => {
    const ctx = await open(request.params.token, reply);
    if (!ctx) return reply;
    const { body } = request;
    if (isCrossSite(request, app.services.config.publicUrl) || !validCsrf(request, body.csrf)) {
      return page(reply, 403, renderMessagePage(ctx.messages, ctx.messages.formExpired, ctx.brand));
    }
    if (ctx.state === 'finished') return page(reply, 409, renderMessagePage(ctx.messages, ctx.messages.finished, ctx.brand));
    const form = await service.submit(ctx, body);
    return reply.redirect(await pageAfterPost(service, ctx, body, form), 303);
  });

  app.get('/:token/unsubscribe', { schema: { hide, params: TokenParams } }, async (request, reply) => {
    const ctx = await open(request.params.token, reply);
    if (!ctx) return reply;
    return page(reply, 200, renderUnsubscribePage(ctx, csrfFor(request, reply), false));
  });

  app.post('/:token/unsubscribe', { schema: { hide, params: TokenParams, body: FormBody } }, async (request, reply) => {
    const ctx = await service.open(request.params.token);
    const { body } = request;
    const oneClick = body['List-Unsubscribe'] === 'One-Click';
    if (!oneClick && (isCrossSite(request, app.services.config.publicUrl) || !validCsrf(request, body.csrf))) {
      return page(reply, 403, renderMessagePage(ctx.messages, ctx.messages.formExpired, ctx.brand));
    }
    await service.unsubscribe(ctx);
    return page(reply, 200, renderUnsubscribePage(ctx, '', true));
  });
};

/** An HTML answer with the survey's CSP (its styles by hash) and a same-origin referrer policy. */
function page(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', contentSecurityPolicy(html))
    .header('referrer-policy', 'same-origin')
    .type('text/html; charset=utf-8')
    .send(html);
}

function preferredLanguage(request: FastifyRequest): string {
  const header = request.headers['accept-language'];
  return (typeof header === 'string' ? header.split(',')[0]?.split(';')[0]?.trim() : undefined) || 'en';
}
