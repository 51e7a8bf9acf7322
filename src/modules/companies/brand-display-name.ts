import type { Company } from './companies.repository.ts';

/** The brand name customers see: the company's display-name setting, else the brand's. */
export function brandDisplayName(company: Company, brandId: number): string {
  const brand = company.brands.find((b) => b.id === brandId);
  if (!brand) return company.name;
  return company.settings.brand_display_names[brand.name] ?? brand.displayName;
}
