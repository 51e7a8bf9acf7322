import { Type } from '@sinclair/typebox';
import { named } from '../../plugins/named-schemas.ts';
import { MAX_TITLE_LENGTH } from './employee-profile.service.ts';

export const ProfileInput = named('AppProfileInput', Type.Object(
  {
    title: Type.Union([Type.String({ maxLength: MAX_TITLE_LENGTH }), Type.Null()], {
      description: `Job title shown to customers in emails and on survey pages, e.g. "Customer Care Specialist" (one line, at most ${MAX_TITLE_LENGTH} characters); empty or null removes it`,
    }),
  },
  { additionalProperties: false, description: 'What the signed-in employee shows customers beside their name' },
));

export const Profile = named('AppProfile', Type.Object(
  {
    title: Type.Union([Type.String(), Type.Null()], { description: 'Job title shown to customers, or null' }),
    photo_url: Type.Union([Type.String(), Type.Null()], { description: 'The uploaded photo (a 256x256 PNG at PUBLIC_URL/media/<key>), or null' }),
  },
  { additionalProperties: false, description: "An employee's photo and title as customers see them" },
));

export const EmployeeParams = Type.Object({ id: Type.Integer({ minimum: 1, description: 'The employee id' }) });
