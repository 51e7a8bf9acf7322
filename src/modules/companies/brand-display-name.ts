import type { Company } from './companies.repository.ts';

/**
 * The brand name customers see (emails, survey pages): the brand's display name, else the
 * company's name. Customers never see the internal brand name.
 */
export function brandDisplayName(company: Company, brandId: number): string {
  const brand = company.brands.find((b) => b.id === brandId);
  return brand?.kit.displayName ?? company.name;
}

/** How the web app names a brand to the company's own people: its display name, else its internal name. */
export function brandLabel(company: Company, brandId: number): string {
  const brand = company.brands.find((b) => b.id === brandId);
  return brand ? brand.kit.displayName ?? brand.name : company.name;
}
