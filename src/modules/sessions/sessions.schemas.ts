import { Type } from '@sinclair/typebox';
import { named } from '../../plugins/named-schemas.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../employees/employee-fields.ts';

const DateTime = (description: string) => Type.String({ format: 'date-time', description });

export const LoginBody = named('AppLoginInput', Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 320, description: 'The email the employee was invited with' }),
    password: Type.String({ minLength: 1, maxLength: 1024, description: 'Their password' }),
    company: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The subdomain of the company to sign in to; needed only when the email and password sign in to several companies (400 says so)' })),
  },
  { additionalProperties: false, description: 'Email and password of an active employee who has set a password' },
));

export const PasswordChangeBody = named('AppPasswordChangeInput', Type.Object(
  {
    current_password: Type.String({ minLength: 1, maxLength: 1024, description: 'The password they signed in with' }),
    new_password: Type.String({ maxLength: 1024, description: `The password they choose: ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters, not the current one` }),
  },
  { additionalProperties: false, description: "The signed-in employee's current password and the new one" },
));

export const AppSession = named('AppSession', Type.Object(
  {
    employee: Type.Object(
      {
        id: Type.Integer({ description: 'The employee id' }),
        name: Type.String({ description: 'First and last name (the email when both are empty)' }),
        email: Type.String(),
        role: Type.String({ description: 'The name of their role' }),
        capabilities: Type.Array(Type.String(), { description: "Their role's capabilities (admin, can_review, can_coach, can_audit, can_calibrate)" }),
        permissions: Type.Array(Type.String(), { description: 'Permissions granted to them (e.g. view_all_feedback)' }),
        sees: Type.Union([Type.Literal('company'), Type.Literal('team'), Type.Literal('own')], {
          description: "Whose feedback they see: the whole company (admin, view_all_feedback), their team (themselves, their team and reported groups' members), or their own",
        }),
        team_member_ids: Type.Array(Type.Integer(), { description: 'Employees whose team leader they are' }),
        weekly_digest: Type.Boolean({ description: 'Whether they receive the weekly digest email (team leaders and admins only get one; PUT /app/api/me/preferences changes it)' }),
        title: Type.Union([Type.String(), Type.Null()], { description: 'Job title shown to customers (PUT /app/api/me/profile changes it)' }),
        photo_url: Type.Union([Type.String(), Type.Null()], { description: 'Their uploaded photo at PUBLIC_URL/media/<key> (PUT /app/api/me/photo), or null' }),
      },
      { additionalProperties: false },
    ),
    company: Type.Object({ subdomain: Type.String(), name: Type.String() }, { additionalProperties: false }),
    csrf_token: Type.String({ description: 'Send it in the x-csrf-token header of every POST, PUT, PATCH and DELETE made with this session' }),
    session: Type.Object({ id: Type.Integer(), expires_at: DateTime('When the session ends whatever the activity (SESSION_MAX_AGE_HOURS after sign-in)') }, { additionalProperties: false }),
  },
  { additionalProperties: false, description: 'Who is signed in, in which company, and the CSRF token of the session' },
));

export const SessionList = named('AppSessionList', Type.Object(
  {
    sessions: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          created_at: DateTime('When they signed in'),
          last_seen_at: DateTime('Last use, to the minute'),
          expires_at: DateTime('End of its absolute lifetime'),
          user_agent: Type.Union([Type.String(), Type.Null()], { description: 'The browser that signed in' }),
          current: Type.Boolean({ description: 'True for the session of this request' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false, description: "The signed-in employee's sessions, newest first" },
));

export const SessionParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'The id of one of your sessions (GET /app/api/sessions)' }) });
