import type { RunProgress } from '../../../shared/ipc/domains/runs';

export function ProgressBar({ progress }: { progress: RunProgress }) {
  const part = (n: number) => `${progress.total ? (100 * n) / progress.total : 0}%`;
  return (
    <div className="progress" data-testid="run-progress">
      <div className="progress-bar" aria-hidden="true">
        <span className="p-passed" style={{ width: part(progress.passed) }} />
        <span className="p-failed" style={{ width: part(progress.failed) }} />
        <span className="p-blocked" style={{ width: part(progress.blocked) }} />
        <span className="p-skipped" style={{ width: part(progress.skipped) }} />
      </div>
      <span className="muted" data-testid="run-counts">
        {progress.passed} passed · {progress.failed} failed · {progress.blocked} blocked · {progress.skipped} skipped · {progress.untested} untested
      </span>
    </div>
  );
}
