// "Create defect" from a failed step: a bug task that names the case, its version and the step.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { TestCaseDetail } from '../../../shared/ipc/domains/testing';
import { Dialog } from '../common/Dialog';
import { call, describe } from '../ipc/client';

interface Props {
  testCase: TestCaseDetail;
  step: number;
  actual: string;
  onClose(): void;
  onCreated(title: string): void;
}

export function DefectDialog({ testCase, step, actual, onClose, onCreated }: Props) {
  const [title, setTitle] = useState(`${testCase.title}: step ${step + 1} fails`);
  const [description, setDescription] = useState(actual ? `Actual result: ${actual}` : '');
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await call('tasks:createDefect', { testCaseId: testCase.id, step, title, description });
      onCreated(title);
      onClose();
    } catch (e) {
      setError(describe(e));
    }
  }
  return (
    <Dialog title="Create defect" onClose={onClose} testId="defect-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <label>Title<input value={title} required maxLength={500} onChange={(e) => setTitle(e.target.value)} /></label>
        <label>Description<textarea rows={4} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary">Create defect</button>
        </div>
      </form>
    </Dialog>
  );
}
