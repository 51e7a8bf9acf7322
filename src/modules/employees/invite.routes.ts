import formbody from '@fastify/formbody';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MIN_PASSWORD_LENGTH } from './employee-fields.ts';
import { passwordSetPage, problemPage, setPasswordPage, type ProblemKind } from './invite-pages.ts';
import { crossSite, html } from './page-replies.ts';

const STATUS: Record<ProblemKind, number> = { unknown: 404, used: 410, expired: 410, inactive: 410, forbidden: 403 };

const TokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });

/**
 * GET/POST /invite/:token: the page an invited employee sets their password on; once set, they
 * are signed in (the session cookie, as /app/api/session sets it) and sent to the Stream at `/`.
 */
export const inviteRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(formbody, { bodyLimit: 16 * 1024 });
  const invites = app.services.invites;
  const params = TokenParams;
  // The URL carries the secret token: no per-request access log lines for these routes.
  const logLevel = 'warn';

  app.get('/invite/:token', { logLevel, schema: { params, hide: true } }, async (request, reply) => {
    const current = await invites.check(request.params.token);
    if (current.state !== 'valid') return html(reply, STATUS[current.state], problemPage(current.state));
    const { companyName, employee } = current;
    return html(reply, 200, setPasswordPage(companyName, employee.first_name, employee.email, MIN_PASSWORD_LENGTH));
  });

  // No body schema: the form is checked by the service, which names what is wrong on the page.
  app.post(
    '/invite/:token',
    { logLevel, schema: { params, hide: true } },
    async (request, reply) => {
      if (crossSite(request, app.services.config.publicUrl)) return html(reply, 403, problemPage('forbidden'));
      const body: { password?: unknown; password_confirmation?: unknown } = typeof request.body === 'object' && request.body !== null ? request.body : {};
      const current = await invites.check(request.params.token);
      if (current.state !== 'valid') return html(reply, STATUS[current.state], problemPage(current.state));
      const result = await invites.setPassword(request.params.token, body.password, body.password_confirmation);
      if (result.ok) {
        // Signed in as a sign-in would, then on to the web app's Stream (303: the browser GETs it).
        const signedIn = await app.services.sessions.signInAfterPasswordSet(current.invite.company_id, current.invite.employee_id, request.headers['user-agent']);
        if (!signedIn) return html(reply, 200, passwordSetPage(current.companyName));
        app.setSessionCookie(request, reply, signedIn.token, signedIn.session.expires_at);
        return reply.code(303).header('cache-control', 'no-store').header('location', '/').send();
      }
      if ('state' in result) return html(reply, STATUS[result.state], problemPage(result.state));
      const { employee, companyName } = current;
      return html(reply, 422, setPasswordPage(companyName, employee.first_name, employee.email, MIN_PASSWORD_LENGTH, result.problem));
    },
  );
};
