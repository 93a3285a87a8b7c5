// The open document's row (title, status, tags…), loaded again when it changes in the replica.
import { call } from '../ipc/client';
import { useLive } from '../lib/use-live';

export function useDocument(documentId: string) {
  const { value: document, error } = useLive(() => call('documents:get', { id: documentId }), 'documents,users', documentId);
  return { document, error };
}
