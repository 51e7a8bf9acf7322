import type { CompanySettings } from '../../companies/company-settings.ts';

/** The default answer options in each language of the survey page, by their English text. */
export const DEFAULT_OPTION_TRANSLATIONS: Record<string, Record<string, string>> = {
  es: {
    Friendly: 'Amable', Knowledgeable: 'Bien informado', Efficient: 'Eficiente', Helpful: 'Servicial', Patient: 'Paciente', Clear: 'Claro',
    Friendliness: 'Amabilidad', Knowledge: 'Conocimientos', Speed: 'Rapidez', Clarity: 'Claridad', 'Follow-up': 'Seguimiento',
  },
  fr: {
    Friendly: 'Aimable', Knowledgeable: 'Compétent', Efficient: 'Efficace', Helpful: 'Serviable', Patient: 'Patient', Clear: 'Clair',
    Friendliness: 'Amabilité', Knowledge: 'Connaissances', Speed: 'Rapidité', Clarity: 'Clarté', 'Follow-up': 'Suivi',
  },
  de: {
    Friendly: 'Freundlich', Knowledgeable: 'Kompetent', Efficient: 'Effizient', Helpful: 'Hilfsbereit', Patient: 'Geduldig', Clear: 'Verständlich',
    Friendliness: 'Freundlichkeit', Knowledge: 'Fachwissen', Speed: 'Schnelligkeit', Clarity: 'Verständlichkeit', 'Follow-up': 'Nachverfolgung',
  },
  pt: {
    Friendly: 'Simpático', Knowledgeable: 'Conhecedor', Efficient: 'Eficiente', Helpful: 'Prestável', Patient: 'Paciente', Clear: 'Claro',
    Friendliness: 'Simpatia', Knowledge: 'Conhecimento', Speed: 'Rapidez', Clarity: 'Clareza', 'Follow-up': 'Acompanhamento',
  },
  nl: {
    Friendly: 'Vriendelijk', Knowledgeable: 'Deskundig', Efficient: 'Efficiënt', Helpful: 'Behulpzaam', Patient: 'Geduldig', Clear: 'Duidelijk',
    Friendliness: 'Vriendelijkheid', Knowledge: 'Kennis', Speed: 'Snelheid', Clarity: 'Duidelijkheid', 'Follow-up': 'Opvolging',
  },
  it: {
    Friendly: 'Cordiale', Knowledgeable: 'Competente', Efficient: 'Efficiente', Helpful: 'Disponibile', Patient: 'Paziente', Clear: 'Chiaro',
    Friendliness: 'Cordialità', Knowledge: 'Competenza', Speed: 'Rapidità', Clarity: 'Chiarezza', 'Follow-up': 'Seguito',
  },
};

/**
 * How an option named `text` (its English text, as stored) reads in `language`: the company's
 * translation, else the built-in one of a default option (any letter case), else `text`.
 */
export function optionLabel(settings: CompanySettings, language: string, text: string): string {
  const own = settings.option_translations[language]?.[text];
  if (own) return own;
  const builtIn = DEFAULT_OPTION_TRANSLATIONS[language];
  if (!builtIn) return text;
  const key = Object.keys(builtIn).find((k) => k.toLowerCase() === text.toLowerCase());
  return key ? builtIn[key] : text;
}
