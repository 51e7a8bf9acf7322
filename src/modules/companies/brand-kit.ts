import type { BrandRow } from '../../db/schema.ts';
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
