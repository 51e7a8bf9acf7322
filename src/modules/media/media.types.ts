/** What an uploaded image is for; it decides how the image is resized. */
export type MediaPurpose = 'logo' | 'photo';

export interface StoredMedia {
  /** `<32 hex>.png`, served publicly at /media/<key>. */
  key: string;
  contentType: string;
  width: number;
  height: number;
  bytes: number;
}

/** Uploaded images: checked, resized and kept in the configured store (DATA_DIR/media or an S3-compatible bucket). */
export interface MediaService {
  /**
   * Checks an upload (PNG, JPEG, WebP; SVG is rasterised, so no script or external reference is ever
   * served), resizes it for its purpose and stores it. Throws InvalidInputError saying what is wrong.
   */
  store(companyId: number, purpose: MediaPurpose, body: Buffer, contentType: string): Promise<StoredMedia>;
  /** Forgets an image of the company (no error when it is already gone). */
  remove(companyId: number, key: string): Promise<void>;
}
