import { Type, type Static } from '@sinclair/typebox';
import { named } from '../../plugins/named-schemas.ts';

/** The signed-in employee's email preferences (PUT /app/api/me/preferences); the web app takes its types from here. */
export const Preferences = named('AppPreferences', Type.Object(
  {
    weekly_digest: Type.Boolean({ description: 'Receive the weekly digest email (sent on Monday mornings to team leaders and admins)' }),
  },
  { additionalProperties: false, description: "The signed-in employee's email preferences" },
));
export type PreferencesView = Static<typeof Preferences>;
