import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { htmlPage, Redirect } from '../../plugins/error-schemas.ts';
import { messagesFor } from './i18n/translations.ts';
import { CONTENT_SECURITY_POLICY, renderMessagePage, renderSurveyPage, renderUnsubscribePage } from './survey-page.ts';
import { FormBody, PageQuery, RateParams, TokenParams, SurveyInputError } from './survey.schemas.ts';
import { SurveyNotFound, type SurveyContext } from './survey.service.ts';
import { csrfToken, isCrossSite, validCsrf } from './survey-csrf.ts';

const tags = ['Survey pages'];
const pages = {
  200: htmlPage('The page'),
  400: htmlPage('A value no page of ours would send'),
  403: htmlPage('A cross-site post, or one without the form token: the form has expired'),
  404: htmlPage('No survey has this link'),
  409: htmlPage('The survey is finished; nothing was changed'),
  410: htmlPage('The link has expired'),
  413: htmlPage('The form is over 32 KB'),
  415: htmlPage('Not a form post'),
};
const formPost = { 400: pages[400], 403: pages[403], 404: pages[404], 413: pages[413], 415: pages[415] };

/** Customer survey pages under /s: server-rendered, no scripts, strict CSP, CSRF-checked posts. */
export async function surveyRoutes(scope: FastifyInstance): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
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

  app.get('/:token', { schema: { tags, summary: 'The survey page', params: TokenParams, querystring: PageQuery, response: { 200: pages[200], 400: pages[400], 404: pages[404], 410: pages[410] } } }, async (request, reply) => {
    const ctx = await open(request.params.token, reply);
    if (!ctx) return reply;
    if (ctx.state === 'finished') return page(reply, 200, renderMessagePage(ctx.messages, ctx.messages.finished, ctx.brand));
    const { saved, rating } = request.query;
    return page(reply, 200, renderSurveyPage(ctx, { csrf: csrfFor(request, reply), saved: saved === '1', previewRating: ctx.isTest ? rating : undefined }));
  });

  app.get('/:token/rate/:rating', { exposeHeadRoute: false, schema: { tags, summary: 'A star link of the email: records the rating', params: RateParams, response: { 303: Redirect, 404: pages[404], 410: pages[410] } } }, async (request, reply) => {
    const { token, rating } = request.params;
    const ctx = await open(token, reply);
    if (!ctx) return reply;
    await service.rate(ctx, rating);
    return reply.redirect(`/s/${token}${ctx.isTest ? `?rating=${rating}` : ''}`, 303);
  });

  app.post('/:token', { schema: { tags, summary: 'Saves the answers of the survey form', params: TokenParams, body: FormBody, response: { 303: Redirect, ...formPost, 409: pages[409], 410: pages[410] } } }, async (request, reply) => {
    const ctx = await open(request.params.token, reply);
    if (!ctx) return reply;
    const body = request.body as Record<string, unknown>;
    if (isCrossSite(request, app.services.config.publicUrl) || !validCsrf(request, body.csrf)) {
      return page(reply, 403, renderMessagePage(ctx.messages, ctx.messages.formExpired, ctx.brand));
    }
    if (ctx.state === 'finished') return page(reply, 409, renderMessagePage(ctx.messages, ctx.messages.finished, ctx.brand));
    await service.submit(ctx, body);
    return reply.redirect(`/s/${ctx.token}?saved=1`, 303);
  });

  app.get('/:token/unsubscribe', { schema: { tags, summary: 'The unsubscribe page', params: TokenParams, response: { 200: pages[200], 404: pages[404], 410: pages[410] } } }, async (request, reply) => {
    const ctx = await open(request.params.token, reply);
    if (!ctx) return reply;
    return page(reply, 200, renderUnsubscribePage(ctx, csrfFor(request, reply), false));
  });

  app.post('/:token/unsubscribe', { schema: { tags, summary: 'Unsubscribes (the form, or the RFC 8058 one-click POST)', params: TokenParams, body: FormBody, response: { 200: pages[200], ...formPost } } }, async (request, reply) => {
    const ctx = await service.open(request.params.token);
    const body = request.body as Record<string, unknown>;
    const oneClick = body['List-Unsubscribe'] === 'One-Click';
    if (!oneClick && (isCrossSite(request, app.services.config.publicUrl) || !validCsrf(request, body.csrf))) {
      return page(reply, 403, renderMessagePage(ctx.messages, ctx.messages.formExpired, ctx.brand));
    }
    await service.unsubscribe(ctx);
    return page(reply, 200, renderUnsubscribePage(ctx, '', true));
  });
}

/** An HTML answer with the survey's CSP (its stylesheet by hash) and a same-origin referrer policy. */
function page(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .status(status)
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('referrer-policy', 'same-origin')
    .type('text/html; charset=utf-8')
    .send(html);
}

function preferredLanguage(request: FastifyRequest): string {
  const header = request.headers['accept-language'];
  return (typeof header === 'string' ? header.split(',')[0]?.split(';')[0]?.trim() : undefined) || 'en';
}
