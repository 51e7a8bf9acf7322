import type { BrandRow } from '../../db/schema.ts';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { can } from '../access/policy.ts';
import type { Scope } from '../access/scope.ts';
import { brandKitOf, DEFAULT_ACCENT, mediaUrl } from '../companies/brand-kit.ts';
import { checkAccentColor, checkCopy, checkDisplayName, checkSenderName } from '../companies/brand-kit-rules.ts';
import type { BrandKitPatch, BrandsRepository } from './brands.repository.ts';
import type { MediaService } from '../media/media.types.ts';
import type { BrandListView, BrandUpdateInput, BrandViewOut } from './brands.schemas.ts';

export const ADMINS_ONLY = 'Forbidden: only admins (or people with manage_settings) manage brands';

/** What `brand set` and PUT /app/api/brands/:id change (the CLI also reads a logo file). */
export type BrandChanges = BrandUpdateInput;

/**
 * Each brand's kit: display name, accent colour, sender name, copy per language and logo. Only
 * admins (manage_settings) read or change it; every write moves the company cache epoch, so
 * emails and survey pages of every process use the new kit.
 */
export class BrandsService {
  constructor(
    private readonly repository: BrandsRepository,
    private readonly media: () => MediaService | null,
    private readonly publicUrl: string,
    /** Drops this process's company cache at once (the epoch reaches the others within a poll). */
    private readonly clearCache: () => void,
  ) {}

  async list(scope: Scope): Promise<BrandListView> {
    this.authorise(scope);
    const rows = await this.repository.list(scope.company.id);
    return { brands: rows.map((row) => this.view(row)), default_accent: DEFAULT_ACCENT };
  }

  async get(scope: Scope, brandId: number): Promise<BrandViewOut> {
    this.authorise(scope);
    return this.view(await this.require(scope, brandId));
  }

  /** The brand of this name (case-insensitive), for the command line. */
  async idByName(scope: Scope, name: string): Promise<number> {
    const rows = await this.repository.list(scope.company.id);
    const row = rows.find((brand) => brand.name.toLowerCase() === name.trim().toLowerCase());
    if (!row) throw new InvalidInputError(`unknown brand "${name}"; brands of this company: ${rows.map((brand) => brand.name).join(', ')}`);
    return Number(row.id);
  }

  async update(scope: Scope, brandId: number, input: BrandChanges): Promise<BrandViewOut> {
    this.authorise(scope);
    await this.require(scope, brandId);
    const patch: BrandKitPatch = {};
    if (input.display_name !== undefined) patch.display_name = input.display_name === null || input.display_name.trim() === '' ? null : checkDisplayName(input.display_name);
    if (input.accent_color !== undefined) patch.accent_color = input.accent_color === null || input.accent_color.trim() === '' ? null : checkAccentColor(input.accent_color);
    if (input.sender_name !== undefined) patch.sender_name = input.sender_name === null || input.sender_name.trim() === '' ? null : checkSenderName(input.sender_name);
    if (input.copy !== undefined) {
      const copy = checkCopy(input.copy);
      patch.copy = Object.keys(copy).length === 0 ? null : JSON.stringify(copy);
    }
    await this.repository.update(scope.company.id, brandId, patch);
    this.clearCache();
    return this.view(await this.require(scope, brandId));
  }

  /** Stores a new logo (checked and resized by the media service) and forgets the one it replaces. */
  async setLogo(scope: Scope, brandId: number, body: Buffer, contentType: string): Promise<BrandViewOut> {
    this.authorise(scope);
    const before = await this.require(scope, brandId);
    const media = this.requireMedia();
    const stored = await media.store(scope.company.id, 'logo', body, contentType);
    try {
      await this.repository.update(scope.company.id, brandId, { logo_key: stored.key });
    } catch (error) {
      await media.remove(scope.company.id, stored.key).catch(() => {});
      throw error;
    }
    this.clearCache();
    if (before.logo_key && before.logo_key !== stored.key) await media.remove(scope.company.id, before.logo_key);
    return this.view(await this.require(scope, brandId));
  }

  async removeLogo(scope: Scope, brandId: number): Promise<BrandViewOut> {
    this.authorise(scope);
    const before = await this.require(scope, brandId);
    if (before.logo_key) {
      await this.repository.update(scope.company.id, brandId, { logo_key: null });
      this.clearCache();
      await this.media()?.remove(scope.company.id, before.logo_key);
    }
    return this.view(await this.require(scope, brandId));
  }

  /**
   * Refuses before anything else is read (the routes call it ahead of body validation): 403 for
   * someone who is not an admin, 404 for an id that is not a brand of the company.
   */
  async admit(scope: Scope, brandId?: number): Promise<void> {
    this.authorise(scope);
    if (brandId !== undefined) await this.require(scope, brandId);
  }

  /** Whether this server stores uploaded images (the media service is configured). */
  uploadsAvailable(): boolean {
    return this.media() !== null;
  }

  private authorise(scope: Scope): void {
    if (!can(scope, 'manage-settings', { companyId: scope.company.id })) throw new ForbiddenError(ADMINS_ONLY);
  }

  private async require(scope: Scope, brandId: number): Promise<BrandRow> {
    const row = await this.repository.find(scope.company.id, brandId);
    if (!row) throw new NotFoundError(`Not Found: no brand ${brandId} in this company`);
    return row;
  }

  private requireMedia(): MediaService {
    const media = this.media();
    if (!media) throw new InvalidInputError('logo: image uploads are not available on this server');
    return media;
  }

  private view(row: BrandRow): BrandViewOut {
    const kit = brandKitOf(row);
    return {
      id: Number(row.id),
      name: row.name,
      display_name: kit.displayName,
      logo_url: kit.logoKey ? mediaUrl(this.publicUrl, kit.logoKey) : null,
      accent_color: kit.accentColor,
      sender_name: kit.senderName,
      copy: kit.copy as BrandViewOut['copy'],
    };
  }
}
