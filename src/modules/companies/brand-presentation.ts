import { brandDisplayName } from './brand-display-name.ts';
import { DEFAULT_ACCENT, mediaUrl, type BrandCopy } from './brand-kit.ts';
import type { Company } from './companies.repository.ts';

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
