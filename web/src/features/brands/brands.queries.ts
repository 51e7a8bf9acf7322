import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';
import type { Brand, BrandList, BrandUpdate } from '../../lib/api-types.ts';

export const brandsQuery = queryOptions({
  queryKey: ['brands'],
  queryFn: ({ signal }) => api<BrandList>('/app/api/brands', { signal }),
});

/** Puts the saved brand into the list, so every view shows what the server stored. */
function useStoreBrand() {
  const queryClient = useQueryClient();
  return (saved: Brand) => queryClient.setQueryData<BrandList>(brandsQuery.queryKey, (list) => list && { ...list, brands: list.brands.map((b) => (b.id === saved.id ? saved : b)) });
}

export function useUpdateBrand(id: number) {
  const store = useStoreBrand();
  return useMutation({
    mutationFn: (input: BrandUpdate) => api<Brand>(`/app/api/brands/${id}`, { method: 'PUT', body: input }),
    onSuccess: store,
  });
}

export function useUploadLogo(id: number) {
  const store = useStoreBrand();
  return useMutation({
    mutationFn: (file: File) => api<Brand>(`/app/api/brands/${id}/logo`, { method: 'PUT', file }),
    onSuccess: store,
  });
}

export function useRemoveLogo(id: number) {
  const store = useStoreBrand();
  return useMutation({
    mutationFn: () => api<Brand>(`/app/api/brands/${id}/logo`, { method: 'DELETE' }),
    onSuccess: store,
  });
}
