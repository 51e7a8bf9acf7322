/**
 * Texts only the survey email needs, kept apart from the survey page's catalog.
 * `{first_name}` is filled by `format`.
 */
export interface EmailMessages {
  /** The hidden preview line mail apps show after the subject. */
  preheader: string;
  /** The agent photo's alt text. */
  photoAlt: string;
}

const CATALOGS: Record<string, EmailMessages> = {
  en: { preheader: 'One click tells {first_name} how it went.', photoAlt: 'Photo of {first_name}' },
  es: { preheader: 'Basta un clic para decirle a {first_name} qué tal fue.', photoAlt: 'Foto de {first_name}' },
  fr: { preheader: 'Un clic suffit pour dire à {first_name} comment ça s’est passé.', photoAlt: 'Photo de {first_name}' },
  de: { preheader: 'Ein Klick genügt, um {first_name} Feedback zu geben.', photoAlt: 'Foto von {first_name}' },
  pt: { preheader: 'Basta um clique para dizer a {first_name} como correu.', photoAlt: 'Foto de {first_name}' },
  nl: { preheader: 'Met één klik laat u {first_name} weten hoe het ging.', photoAlt: 'Foto van {first_name}' },
  it: { preheader: 'Basta un clic per dire a {first_name} com’è andata.', photoAlt: 'Foto di {first_name}' },
};

/** The email texts of a language tag (`pt-BR` → pt), falling back to English. */
export function emailMessagesFor(language: string | null | undefined): EmailMessages {
  const primary = (language ?? 'en').toLowerCase().split(/[-_]/)[0];
  return CATALOGS[primary] ?? CATALOGS.en;
}
