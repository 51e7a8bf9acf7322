import type { Static } from '@sinclair/typebox';
import type { SessionRow } from '../../db/schema.ts';
import { mediaUrl } from '../companies/brand-kit.ts';
import type { AppSession, SessionList } from './sessions.schemas.ts';
import type { ActiveSession } from './sessions.service.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** `publicUrl` (PUBLIC_URL) makes the photo's address. */
export function presentSession(active: ActiveSession, publicUrl: string): Static<typeof AppSession> {
  const { employee, company, scope, session } = active;
  const actor = scope.actor.kind === 'employee' ? scope.actor : null;
  const sees = !actor || actor.sees === 'company' ? 'company' : actor.sees.size > 1 ? 'team' : 'own';
  return {
    employee: {
      id: employee.id,
      name: [employee.first_name, employee.last_name].filter(Boolean).join(' ') || employee.email,
      email: employee.email,
      role: employee.role,
      capabilities: actor ? [...actor.capabilities] : [],
      permissions: actor ? [...actor.permissions] : [],
      sees,
      team_member_ids: actor ? [...actor.teamMemberIds] : [],
      weekly_digest: employee.weekly_digest === 1,
      title: employee.title ?? null,
      photo_url: employee.photo_key ? mediaUrl(publicUrl, employee.photo_key) : null,
    },
    company: { subdomain: company.subdomain, name: company.name },
    csrf_token: active.csrfToken,
    session: { id: session.id, expires_at: iso(session.expires_at) },
  };
}

export function presentSessions(rows: SessionRow[], currentId: number): Static<typeof SessionList> {
  return {
    sessions: rows.map((row) => ({
      id: row.id,
      created_at: iso(row.created_at),
      last_seen_at: iso(row.last_seen_at),
      expires_at: iso(row.expires_at),
      user_agent: row.user_agent,
      current: row.id === currentId,
    })),
  };
}
