import { InvalidInputError, NotFoundError } from '../../lib/errors.ts';
import { mediaUrl } from '../companies/brand-kit.ts';
import type { MediaService } from '../media/media.types.ts';
import type { EmployeeProfileRepository } from './employee-profile.repository.ts';

/** Longest title accepted, e.g. "Customer Care Specialist". */
export const MAX_TITLE_LENGTH = 80;

/** The photo and title customers see, as the web app and the CLI show them. */
export interface EmployeeProfile {
  title: string | null;
  /** `${PUBLIC_URL}/media/<key>` of the uploaded photo, or null. */
  photo_url: string | null;
}

/** Why a title cannot be used, or null; an empty one clears it. */
export function titleProblem(title: string): string | null {
  if (title.trim().length > MAX_TITLE_LENGTH) return `title must be at most ${MAX_TITLE_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(title)) return 'title must be one line of text';
  return null;
}

/** Employees' uploaded photos (stored through the media service) and titles. */
export class EmployeeProfileService {
  constructor(
    private readonly repository: EmployeeProfileRepository,
    private readonly media: MediaService,
    private readonly publicUrl: string,
    private readonly onChange: () => void,
  ) {}

  /** The id of the employee of this email or custom id (the CLI's --email); 404 when there is none. */
  async idOf(companyId: number, ref: string): Promise<number> {
    const id = await this.repository.idOf(companyId, ref);
    if (id === undefined) throw new NotFoundError(`No employee with email or custom id ${ref}`);
    return id;
  }

  async profile(companyId: number, employeeId: number): Promise<EmployeeProfile> {
    const row = await this.repository.find(companyId, employeeId);
    if (!row) throw new NotFoundError(`No employee ${employeeId}`);
    return this.present(row);
  }

  present(row: { photo_key: string | null; title: string | null }): EmployeeProfile {
    return { title: row.title, photo_url: row.photo_key ? mediaUrl(this.publicUrl, row.photo_key) : null };
  }

  /** Stores the image as the employee's photo (256x256 PNG) and forgets the one it replaces. */
  async setPhoto(companyId: number, employeeId: number, body: Buffer, contentType: string): Promise<EmployeeProfile> {
    if (!(await this.repository.find(companyId, employeeId))) throw new NotFoundError(`No employee ${employeeId}`);
    const stored = await this.media.store(companyId, 'photo', body, contentType);
    const previous = await this.repository.replacePhoto(companyId, employeeId, stored.key, Date.now());
    if (previous === undefined) {
      await this.media.remove(companyId, stored.key);
      throw new NotFoundError(`No employee ${employeeId}`);
    }
    if (previous) await this.media.remove(companyId, previous);
    this.onChange();
    return this.profile(companyId, employeeId);
  }

  async removePhoto(companyId: number, employeeId: number): Promise<EmployeeProfile> {
    const previous = await this.repository.replacePhoto(companyId, employeeId, null, Date.now());
    if (previous === undefined) throw new NotFoundError(`No employee ${employeeId}`);
    if (previous) await this.media.remove(companyId, previous);
    this.onChange();
    return this.profile(companyId, employeeId);
  }

  /** Sets the title (trimmed; empty or null clears it). */
  async setTitle(companyId: number, employeeId: number, title: string | null): Promise<EmployeeProfile> {
    const problem = title === null ? null : titleProblem(title);
    if (problem) throw new InvalidInputError(problem);
    if (!(await this.repository.setTitle(companyId, employeeId, title?.trim() || null, Date.now()))) throw new NotFoundError(`No employee ${employeeId}`);
    this.onChange();
    return this.profile(companyId, employeeId);
  }
}
