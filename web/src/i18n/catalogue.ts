import type { en } from './en.ts';

type Shape<T> = { readonly [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/**
 * What a translation must provide: every key of the English catalogue, each a string (nested the
 * same way); languages with a "many" plural form may add `<key>_many`.
 */
export type Catalogue = Shape<typeof en>;
export type Language = 'en' | 'es';
export const LANGUAGES: Language[] = ['en', 'es'];
