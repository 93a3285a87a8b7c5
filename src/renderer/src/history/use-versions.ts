// A document's versions, loaded again when versions (or people's names) change in the replica.
import { call } from '../ipc/client';
import { useLive } from '../lib/use-live';

export function useVersions(documentId: string) {
  const { value, error } = useLive(() => call('documents:versions', { documentId }), 'document_versions,document_signatures,users', documentId);
  return { versions: value ?? [], error };
}
