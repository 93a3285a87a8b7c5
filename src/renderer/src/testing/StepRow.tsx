import type { ReactNode } from 'react';
import type { StepStatus } from '../../../shared/ipc/domains/testing';
import { titleCase } from '../lib/format';
import type { StepDraft } from './execution-draft';
import { pastedImage } from './evidence';

const CHOICES: StepStatus[] = ['PASSED', 'FAILED', 'BLOCKED', 'SKIPPED'];

interface Props {
  index: number;
  step: { action: string; expected_result: string };
  value: StepDraft;
  onChange(value: StepDraft): void;
  onDefect(): void;
  /** The step's evidence (StepEvidence). */
  evidence?: ReactNode;
  /** An image pasted into the actual result. */
  onPasteFile?(file: File): void;
}

export function StepRow({ index, step, value, onChange, onDefect, evidence, onPasteFile }: Props) {
  return (
    <li className={`player-step step-${value.status.toLowerCase()}`} data-testid="player-step">
      <div className="step-text">
        <div><strong>Step {index + 1}.</strong> {step.action}</div>
        <div className="muted">Expected: {step.expected_result}</div>
      </div>
      <div className="step-choices" role="group" aria-label={`Result of step ${index + 1}`}>
        {CHOICES.map((choice) => (
          <button key={choice} type="button" aria-pressed={value.status === choice} className={value.status === choice ? 'tool active' : 'tool'}
            onClick={() => onChange({ ...value, status: value.status === choice ? 'UNTESTED' : choice })}>
            {titleCase(choice)}
          </button>
        ))}
      </div>
      <label className="grow">Actual result
        <textarea rows={2} value={value.actual} aria-label={`Actual result of step ${index + 1}`} onChange={(e) => onChange({ ...value, actual: e.target.value })}
          onPaste={(e) => {
            const image = onPasteFile ? pastedImage(e.clipboardData) : null;
            if (!image) return;
            e.preventDefault();
            onPasteFile!(image);
          }} />
      </label>
      {evidence}
      {value.status === 'FAILED' && <button type="button" onClick={onDefect}>Create defect…</button>}
    </li>
  );
}
