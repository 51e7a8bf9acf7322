import { sha256Hex } from '../../lib/secrets.ts';
import type { CompaniesRepository, Company } from './companies.repository.ts';

export type KeyKind = 'production' | 'test';

/** Who is calling: the company owning the API key, and which of its keys it is. */
export interface Principal {
  company: Company;
  keyKind: KeyKind;
}

const MAX_ENTRIES = 10_000;

/**
 * Resolves API keys to companies without a database round trip on the hot path.
 * Entries are dropped at once when this process changes credentials, and within
 * one poll interval when another process does (it bumps a shared epoch counter).
 */
export class CredentialCache {
  private readonly byKeyHash = new Map<string, Principal | null>();
  private readonly byCompanyId = new Map<number, Company>();
  private epoch = -1;
  private timer: NodeJS.Timeout | null = null;
  private readonly clearListeners: (() => void)[] = [];

  constructor(
    private readonly repository: CompaniesRepository,
    private readonly pollIntervalMs = 1000,
  ) {}

  async authenticate(apiKey: string): Promise<Principal | null> {
    const keyHash = sha256Hex(apiKey);
    const cached = this.byKeyHash.get(keyHash);
    if (cached !== undefined) return cached;
    const owner = await this.repository.findByKeyHash(keyHash);
    const company = owner ? await this.company(owner.companyId) : null;
    const principal = owner && company ? { company, keyKind: owner.kind } : null;
    if (this.byKeyHash.size >= MAX_ENTRIES) this.byKeyHash.clear();
    this.byKeyHash.set(keyHash, principal);
    return principal;
  }

  async company(companyId: number): Promise<Company | null> {
    const cached = this.byCompanyId.get(companyId);
    if (cached) return cached;
    const company = await this.repository.load(companyId);
    if (company) {
      if (this.byCompanyId.size >= MAX_ENTRIES) this.byCompanyId.clear();
      this.byCompanyId.set(companyId, company);
    }
    return company;
  }

  clear(): void {
    this.byKeyHash.clear();
    this.byCompanyId.clear();
    for (const listener of this.clearListeners) listener();
  }

  /** Other per-process caches that must be dropped whenever this one is (the shared epoch moved). */
  onClear(listener: () => void): void {
    this.clearListeners.push(listener);
  }

  /** Starts polling the shared epoch so changes made by other processes are seen. */
  async start(): Promise<void> {
    this.epoch = await this.repository.readCacheEpoch();
    this.timer = setInterval(() => void this.poll(), this.pollIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async poll(): Promise<void> {
    try {
      const epoch = await this.repository.readCacheEpoch();
      if (epoch !== this.epoch) {
        this.epoch = epoch;
        this.clear();
      }
    } catch {
      // The database being briefly unreachable must not crash the process; /readyz reports it.
    }
  }
}
