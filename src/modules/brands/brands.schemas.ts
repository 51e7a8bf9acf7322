import { Type, type Static } from '@sinclair/typebox';
import { named } from '../../plugins/named-schemas.ts';
import { COPY_FIELDS, COPY_LANGUAGES, SENDER_NAME_MAX } from '../companies/brand-kit-rules.ts';
import { DISPLAY_NAME_MAX } from '../companies/company-settings.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

const CopyTexts = Type.Object(
  Object.fromEntries(Object.entries(COPY_FIELDS).map(([field, max]) => [field, Type.Optional(Type.String({ maxLength: max }))])),
  { additionalProperties: false, description: 'Texts of one language; each may use {first_name} (the agent), {brand} and {customer}' },
);

const Copy = Type.Record(Type.String(), CopyTexts, { description: `Copy by language (${COPY_LANGUAGES.join(', ')}): subject, greeting, intro and closing (the survey's closing screen)` });

/** A brand as the web app's Brands page shows and edits it. */
export const BrandView = named('AppBrand', Type.Object(
  {
    id: Type.Integer(),
    name: Type.String({ description: 'The internal name (the brand of POST /v1/requests); customers never see it' }),
    display_name: Type.Union([Type.String(), Type.Null()], { description: "The name customers see; null: they see the company's name" }),
    logo_url: Type.Union([Type.String(), Type.Null()], { description: 'The uploaded logo, served by this service' }),
    accent_color: Type.Union([Type.String(), Type.Null()], { description: '#rrggbb; null: the default blue' }),
    sender_name: Type.Union([Type.String(), Type.Null()], { description: 'Sender display name pattern with {first_name} and {brand}; null: "<first name> from <brand>" in the email\'s language' }),
    copy: Copy,
  },
  { additionalProperties: false },
));
export type BrandViewOut = Static<typeof BrandView>;

export const BrandList = named('AppBrandList', Type.Object({ brands: Type.Array(BrandView), default_accent: Type.String() }, { additionalProperties: false }));
export type BrandListView = Static<typeof BrandList>;

/** PUT /app/api/brands/:id: the fields given are changed, null clears one; the rest stay. */
export const BrandUpdate = named('AppBrandUpdate', Type.Object(
  {
    display_name: Type.Optional(Nullable(Type.String({ maxLength: 500, description: `1 to ${DISPLAY_NAME_MAX} characters` }))),
    accent_color: Type.Optional(Nullable(Type.String({ maxLength: 50, description: '#rgb or #rrggbb with at least 4.5:1 contrast on white' }))),
    sender_name: Type.Optional(Nullable(Type.String({ maxLength: 500, description: `At most ${SENDER_NAME_MAX} characters; placeholders {first_name} and {brand}` }))),
    copy: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 5000 }), Type.Null()])), {
      description: 'The whole copy, by language; replaces the stored copy (empty texts fall back to the built-in ones)',
    })),
  },
  { additionalProperties: false },
));
export type BrandUpdateInput = Static<typeof BrandUpdate>;

export const BrandParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The brand id (GET /app/api/brands)' }) });
