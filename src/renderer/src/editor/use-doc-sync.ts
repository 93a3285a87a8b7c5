// Loads the document's Yjs content from the replica and keeps it in step while the editor is open.
import { useEffect, useState } from 'react';
import { describe } from '../ipc/client';
import { DocSync } from './doc-sync';

export function useDocSync(documentId: string) {
  const [sync] = useState(() => new DocSync(documentId));
  const [ready, setReady] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    sync.onProblem = setProblem;
    let cancelled = false;
    sync.start().then(() => {
      if (!cancelled) setReady(true);
    }, (e: unknown) => setProblem(describe(e)));
    return () => {
      cancelled = true;
      void sync.stop();
    };
  }, [sync]);
  return { sync, ready, problem };
}
