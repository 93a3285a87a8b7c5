// Two versions side by side in one text: the older as the base, additions and deletions marked inline.
import type { Editor } from '@tiptap/react';
import { useEffect, useState } from 'react';
import type { VersionListItem } from '../../../shared/ipc/domains/documents';
import { Dialog } from '../common/Dialog';
import { describe } from '../ipc/client';
import { diffText } from '../lib/text-diff';
import type { DiffPart } from '../lib/text-diff';
import { loadSide } from './compare-source';
import { DiffBody } from './DiffBody';

interface Props {
  ids: [string, string];
  editor: Editor;
  versions: VersionListItem[];
  onClose(): void;
}

export function CompareView({ ids, editor, versions, onClose }: Props) {
  const [result, setResult] = useState<{ title: string; parts: DiffPart[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all(ids.map((id) => loadSide(id, editor, versions))).then(([a, b]) => {
      const [older, newer] = a!.order <= b!.order ? [a!, b!] : [b!, a!];
      setResult({ title: `${older.label} → ${newer.label}`, parts: diffText(older.text, newer.text) });
    }, (e: unknown) => setError(describe(e)));
  }, [ids, editor, versions]);
  return (
    <Dialog title={result ? `Compare ${result.title}` : 'Compare'} onClose={onClose} testId="compare-view">
      {error && <p role="alert" className="error">{error}</p>}
      <DiffBody parts={result?.parts ?? null} />
    </Dialog>
  );
}
