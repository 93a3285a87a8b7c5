// The open document's row (title, status, tags…), refetched when it changes in the replica.
import { useCallback, useEffect, useState } from 'react';
import type { DocumentDetail } from '../../../shared/ipc/domains/documents';
import { call, describe, onEvent } from '../ipc/client';

export function useDocument(documentId: string) {
  const [document, setDocument] = useState<DocumentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setDocument(await call('documents:get', { id: documentId }));
      setError(null);
    } catch (e) {
      setError(describe(e));
    }
  }, [documentId]);
  useEffect(() => {
    void reload();
    return onEvent('replica:changed', ({ tables }) => {
      if (tables.includes('documents') || tables.includes('users')) void reload();
    });
  }, [reload]);
  return { document, error, reload, setDocument };
}
