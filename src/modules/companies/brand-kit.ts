import type { BrandRow } from '../../db/schema.ts';
import { brandDisplayName } from './brand-display-name.ts';
import type { Company } from './companies.repository.ts';
import { parseJson } from '../../lib/json.ts';

/** Copy a company writes per language; each text may use {first_name}, {brand} and {customer}. */
export interface BrandCopy {
  subject?: string;
  greeting?: string;
  intro?: string;
  /** The survey's closing screen. */
  closing?: string;
}

/** What a brand shows customers, beyond its internal name. */
export interface BrandKit {
  /** The name customers see; null until set (then customers see the company's name, never the internal one). */
  displayName: string | null;
  logoKey: string | null;
  /** #rrggbb with at least 4.5:1 contrast on white; null: the default blue. */
  accentColor: string | null;
  /** Sender display name pattern ({first_name}, {brand}); null: "<first name> <from> <brand>" in the email's language. */
  senderName: string | null;
  /** Copy by language code (en, fr, de...). */
  copy: Record<string, BrandCopy>;
}

export const DEFAULT_ACCENT = '#1d4ed8';

export function brandKitOf(row: Pick<BrandRow, 'display_name' | 'logo_key' | 'accent_color' | 'sender_name' | 'copy'>): BrandKit {
  return {
    displayName: row.display_name,
    logoKey: row.logo_key,
    accentColor: row.accent_color,
    senderName: row.sender_name,
    copy: parseJson<Record<string, BrandCopy>>(row.copy, {}),
  };
}

/** The public URL of an uploaded image. */
export function mediaUrl(publicUrl: string, key: string): string {
  return `${publicUrl}/media/${key}`;
}

/** How a brand is shown to customers in one language. */
export interface BrandPresentation {
  name: string;
  logoUrl: string | null;
  accentColor: string;
  senderName: string | null;
  /** The brand's copy for the language, else nothing (the built-in texts of that language: never another language's copy). */
  copy: BrandCopy;
}

export function brandPresentation(company: Company, brandId: number, language: string, publicUrl: string): BrandPresentation {
  const brand = company.brands.find((b) => b.id === brandId);
  const kit = brand?.kit;
  const lang = language.toLowerCase().split(/[-_]/)[0];
  return {
    name: brandDisplayName(company, brandId),
    logoUrl: kit?.logoKey ? mediaUrl(publicUrl, kit.logoKey) : null,
    accentColor: kit?.accentColor ?? DEFAULT_ACCENT,
    senderName: kit?.senderName ?? null,
    copy: kit?.copy[lang] ?? {},
  };
}
