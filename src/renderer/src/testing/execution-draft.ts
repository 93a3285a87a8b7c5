// An execution in progress is kept in localStorage as it is filled in, so a reload or a crash of the
// window does not lose it; it is removed once the execution is saved.
import type { StepStatus } from '../../../shared/ipc/domains/testing';
import { uuidv7 } from '../../../shared/ids';

export interface StepDraft {
  status: StepStatus;
  actual: string;
  /** Attachment ids: the evidence of this step. */
  evidence?: string[];
}

export interface ExecutionDraft {
  startedAt: string;
  seconds: number;
  steps: StepDraft[];
  environment: string;
  build: string;
  notes: string;
  override: string;
  overrideReason: string;
  /** Made in advance: evidence is attached to it (and kept on the device) before the execution is saved. */
  executionId?: string;
}

const key = (testCaseId: string) => `promanage.execution.${testCaseId}`;

export function loadDraft(testCaseId: string, steps: number): ExecutionDraft {
  try {
    const saved = JSON.parse(localStorage.getItem(key(testCaseId)) ?? 'null') as ExecutionDraft | null;
    if (saved && saved.steps.length === steps) return { ...saved, executionId: saved.executionId ?? uuidv7() };
  } catch {
    // A damaged draft starts over.
  }
  return {
    startedAt: new Date().toISOString(), seconds: 0, steps: Array.from({ length: steps }, () => ({ status: 'UNTESTED', actual: '' })),
    environment: localStorage.getItem('promanage.lastEnvironment') ?? '', build: localStorage.getItem('promanage.lastBuild') ?? '',
    notes: '', override: '', overrideReason: '', executionId: uuidv7(),
  };
}

export function saveDraft(testCaseId: string, draft: ExecutionDraft): void {
  localStorage.setItem(key(testCaseId), JSON.stringify(draft));
}

export function clearDraft(testCaseId: string, draft: ExecutionDraft): void {
  localStorage.removeItem(key(testCaseId));
  localStorage.setItem('promanage.lastEnvironment', draft.environment);
  localStorage.setItem('promanage.lastBuild', draft.build);
}
