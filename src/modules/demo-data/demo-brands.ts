import { operatorScope } from '../access/scope.ts';
import type { Services } from '../../services.ts';

/** Display names of the demo brands, so emails say "Blanca Kids" rather than `blancakids`. */
export const DEMO_BRANDS: Record<string, string> = { blancapeak: 'Blanca Peak', blancakids: 'Blanca Kids' };

/** The demo brands' accent colours (both at least 4.5:1 on white). */
export const DEMO_ACCENTS: Record<string, string> = { blancapeak: '#0f5f8c', blancakids: '#b3261e' };

/** A simple mountain logo in the brand's colour, drawn as SVG and rasterised with sharp. */
function logoSvg(name: string, color: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="120" viewBox="0 0 480 120">
  <path d="M10 100 L50 30 L70 60 L90 40 L130 100 Z" fill="${color}"/>
  <text x="145" y="78" font-family="DejaVu Sans, Arial, sans-serif" font-size="40" font-weight="700" fill="${color}">${name}</text>
</svg>`;
}

/** Gives the demo brands their display names, accent colours and (where uploads work) a logo. */
export async function brandDemo(services: Services, subdomain: string): Promise<void> {
  const company = await services.companies.requireBySubdomain(subdomain);
  const scope = operatorScope(company);
  for (const brand of company.brands) {
    const displayName = DEMO_BRANDS[brand.name];
    if (!displayName) continue;
    await services.brands.update(scope, brand.id, { display_name: displayName, accent_color: DEMO_ACCENTS[brand.name] ?? null });
    if (services.brands.uploadsAvailable()) {
      const { default: sharp } = await import('sharp');
      const png = await sharp(Buffer.from(logoSvg(displayName, DEMO_ACCENTS[brand.name] ?? '#1d4ed8'))).png().toBuffer();
      await services.brands.setLogo(scope, brand.id, png, 'image/png');
    }
  }
}
