// A step's evidence in the execution player: the files attached to it (uploaded or waiting for sync),
// "Attach file…", and a hint that an image can be pasted into the step's actual result.
import { useRef, useState } from 'react';
import type { AttachmentItem } from '../../../shared/ipc/domains/attachments';
import { describe } from '../ipc/client';
import { openAttachment } from '../attachments/attach-file';

interface Props {
  step: number;
  items: AttachmentItem[];
  onFiles(files: File[]): Promise<void>;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function StepEvidence({ step, items, onFiles }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const add = async (files: File[]) => {
    setError(null);
    try {
      await onFiles(files);
    } catch (e) {
      setError(describe(e));
    }
  };
  return (
    <div className="step-evidence" data-testid="step-evidence">
      {items.length > 0 && (
        <ul className="evidence-list">
          {items.map((item) => (
            <li key={item.id} data-testid="evidence-item" data-state={item.state}>
              <button type="button" className="link" onClick={() => openAttachment(item.id).catch((e: unknown) => setError(describe(e)))}>{item.fileName}</button>
              <span className="muted"> {size(item.size)} · {item.state === 'pending' ? 'waiting to upload' : item.state === 'remote' ? 'on the server' : 'uploaded'}</span>
              {item.problem && <span className="error"> · {item.problem}</span>}
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={() => input.current?.click()}>Attach file…</button>
      <span className="muted"> or paste a screenshot into the actual result</span>
      <input ref={input} type="file" multiple hidden aria-label={`Attach evidence to step ${step + 1}`}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          void add(files);
        }} />
      {error && <p role="alert" className="error">{error}</p>}
    </div>
  );
}
