import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../../lib/api-client.ts';
import type { LoginInput, Session } from '../../lib/api-types.ts';

/** Who is signed in: the session, or null when nobody is (401). */
export const meQuery = queryOptions({
  queryKey: ['me'],
  queryFn: async ({ signal }): Promise<Session | null> => {
    try {
      const session = await api<Session>('/app/api/me', { signal, allowUnauthorized: true });
      setCsrfToken(session.csrf_token);
      return session;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setCsrfToken(null);
        return null;
      }
      throw error;
    }
  },
  staleTime: 5 * 60_000,
});

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api<Session>('/app/api/session', { method: 'POST', body: input, allowUnauthorized: true }),
    onSuccess: (session) => {
      setCsrfToken(session.csrf_token);
      queryClient.setQueryData(meQuery.queryKey, session);
    },
  });
}

/** Ends this session; whatever the answer, the app forgets it. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/app/api/session', { method: 'DELETE', allowUnauthorized: true }),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.removeQueries();
      queryClient.setQueryData(meQuery.queryKey, null);
    },
  });
}

export function usePasswordReset() {
  return useMutation({
    mutationFn: (email: string) => api<{ message: string }>('/app/api/password-reset', { method: 'POST', body: { email } }),
  });
}

/** A `next` that stays in this app (a path, not //host or a scheme). */
export function safeNext(next: unknown): string | undefined {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : undefined;
}
