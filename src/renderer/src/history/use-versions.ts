import { useCallback, useEffect, useState } from 'react';
import type { VersionListItem } from '../../../shared/ipc/domains/documents';
import { call, describe, onEvent } from '../ipc/client';

export function useVersions(documentId: string) {
  const [versions, setVersions] = useState<VersionListItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setVersions(await call('documents:versions', { documentId }));
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }, [documentId]);
  useEffect(() => {
    void reload();
    return onEvent('replica:changed', ({ tables }) => {
      if (tables.includes('document_versions') || tables.includes('users')) void reload();
    });
  }, [reload]);
  return { versions, error };
}
