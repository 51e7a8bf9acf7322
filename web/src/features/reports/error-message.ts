import { ApiError } from '../../lib/api-client.ts';

/** The server's message of a failed call, or `network` when the server could not be reached. */
export function errorMessage(error: unknown, fallback: string, network: string): string {
  if (error instanceof ApiError) return error.status === 0 ? network : error.message || fallback;
  return fallback;
}
