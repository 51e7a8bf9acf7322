import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../lib/api-client.ts';
import type { PasswordChangeInput, Preferences, Profile, ProfileInput, Session, Sessions } from '../../lib/api-types.ts';
import { meQuery } from '../auth/auth.queries.ts';

export const sessionsQuery = queryOptions({
  queryKey: ['sessions'],
  queryFn: ({ signal }) => api<Sessions>('/app/api/sessions', { signal }),
});

/** Ends one of your sessions (the current one too: the server then clears the cookie). */
export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<void>(`/app/api/sessions/${id}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey }),
  });
}

/**
 * Changes your password: the server ends every session of yours and opens a new one for this
 * browser, whose CSRF token the answer carries.
 */
export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PasswordChangeInput) => api<Session>('/app/api/me/password', { method: 'PUT', body: input }),
    onSuccess: (session) => {
      setCsrfToken(session.csrf_token);
      queryClient.setQueryData(meQuery.queryKey, session);
      return queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
    },
  });
}

/** Turns your weekly digest email on or off; the signed-in session then shows the new value. */
export function useSetPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Preferences) => api<Preferences>('/app/api/me/preferences', { method: 'PUT', body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData<Session | null>(meQuery.queryKey, (session) => (session ? { ...session, employee: { ...session.employee, weekly_digest: saved.weekly_digest } } : session));
    },
  });
}

/** The signed-in session shows the photo and title the server now has. */
function useProfileSaved() {
  const queryClient = useQueryClient();
  return (saved: Profile) =>
    queryClient.setQueryData<Session | null>(meQuery.queryKey, (session) => (session ? { ...session, employee: { ...session.employee, ...saved } } : session));
}

/** Uploads (or replaces) your photo: the server checks, resizes and stores it. */
export function useUploadPhoto() {
  const saved = useProfileSaved();
  return useMutation({ mutationFn: (file: File) => api<Profile>('/app/api/me/photo', { method: 'PUT', file }), onSuccess: saved });
}

export function useRemovePhoto() {
  const saved = useProfileSaved();
  return useMutation({ mutationFn: () => api<Profile>('/app/api/me/photo', { method: 'DELETE' }), onSuccess: saved });
}

/** Sets your title (empty clears it). */
export function useSaveProfile() {
  const saved = useProfileSaved();
  return useMutation({ mutationFn: (input: ProfileInput) => api<Profile>('/app/api/me/profile', { method: 'PUT', body: input }), onSuccess: saved });
}
