// Execute a test case step by step: a result and the actual outcome per step, the overall status
// derived (overridable with a reason), environment and build, a timer that can pause, notes, and
// "Create defect" on a failed step. Saved to the replica at once; synced when there is a network.
import { useEffect, useState } from 'react';
import { derivedStatus, EXECUTION_STATUSES } from '../../../shared/ipc/domains/testing';
import type { TestCaseDetail } from '../../../shared/ipc/domains/testing';
import { call, describe } from '../ipc/client';
import { titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';
import { DefectDialog } from './DefectDialog';
import { clearDraft, loadDraft, saveDraft } from './execution-draft';
import type { ExecutionDraft } from './execution-draft';
import { StepRow } from './StepRow';
import { StepEvidence } from './StepEvidence';
import { attachEvidence, pastedName } from './evidence';
import { useLive } from '../lib/use-live';
import { formatDuration, useTimer } from './use-timer';

export function ExecutionPlayer({ testCaseId, runId }: { testCaseId: string; runId?: string }) {
  const [testCase, setTestCase] = useState<TestCaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('testCases:get', { id: testCaseId }).then(setTestCase, (e: unknown) => setError(describe(e)));
  }, [testCaseId]);
  if (!testCase) return error ? <p role="alert" className="error">{error}</p> : <p className="loading">Opening test case…</p>;
  return <Player testCase={testCase} {...(runId ? { runId } : {})} />;
}

function Player({ testCase, runId }: { testCase: TestCaseDetail; runId?: string }) {
  const go = useWorkspace((s) => s.go);
  const [draft, setDraft] = useState<ExecutionDraft>(() => loadDraft(testCase.id, testCase.steps.length));
  const timer = useTimer(draft.seconds);
  const [defectStep, setDefectStep] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => saveDraft(testCase.id, { ...draft, seconds: timer.seconds }), [testCase.id, draft, timer.seconds]);

  const update = (changes: Partial<ExecutionDraft>) => setDraft((d) => ({ ...d, ...changes }));
  // Evidence: stored on the device at once under the execution's id made in advance; the step keeps its ids.
  const executionId = draft.executionId!;
  const attachments = useLive(() => call('attachments:list', { entityType: 'TEST_EXECUTION', entityId: executionId }), 'attachments,attachment_cache', executionId);
  const evidenceOf = (step: number) => (attachments.value ?? []).filter((a) => draft.steps[step]!.evidence?.includes(a.id));
  async function addFiles(step: number, files: File[], pasted = false) {
    for (const file of files) {
      const item = await attachEvidence({ projectId: testCase.projectId, executionId, file, ...(pasted ? { fileName: pastedName(step, file.type) } : {}) });
      setDraft((d) => ({ ...d, steps: d.steps.map((s, j) => (j === step ? { ...s, evidence: [...(s.evidence ?? []), item.id] } : s)) }));
    }
    await attachments.reload();
  }
  const derived = derivedStatus(draft.steps);
  const status = (draft.override || derived) as (typeof EXECUTION_STATUSES)[number] | null;
  const overridden = draft.override !== '' && draft.override !== derived;

  async function save() {
    if (!status) return setError('Give every step a result, or choose the overall status yourself.');
    if (overridden && derived && !draft.overrideReason.trim()) return setError(`The steps give ${titleCase(derived)}: say why the result is ${titleCase(status)}.`);
    try {
      await call('executions:record', {
        testCaseId: testCase.id, ...(runId ? { testRunId: runId } : {}), status, ...(overridden && derived ? { statusOverrideReason: draft.overrideReason } : {}),
        stepResults: draft.steps.map((s, step) => ({ step, status: s.status, ...(s.actual ? { actual_result: s.actual } : {}),
          ...(s.evidence?.length ? { evidence: s.evidence } : {}) })),
        executionId,
        environment: draft.environment, build: draft.build, notes: draft.notes, startedAt: draft.startedAt,
        executedAt: new Date().toISOString(), durationSeconds: timer.seconds,
      });
      clearDraft(testCase.id, draft);
      go(runId ? { screen: 'run', runId } : { screen: 'test-case', testCaseId: testCase.id });
    } catch (e) {
      setError(describe(e));
    }
  }

  return (
    <section className="screen player" data-testid="execution-player">
      <button type="button" className="link" onClick={() => go({ screen: 'test-case', testCaseId: testCase.id })}>← {testCase.title}</button>
      <header className="screen-header">
        <h1>Execute: {testCase.title}</h1>
        <div className="timer" data-testid="timer">
          <span aria-label="Elapsed time">{formatDuration(timer.seconds)}</span>
          <button type="button" onClick={timer.toggle}>{timer.running ? 'Pause' : 'Resume'}</button>
        </div>
      </header>
      <p className="muted">Version {testCase.caseVersion}{testCase.preconditions ? ` · Preconditions: ${testCase.preconditions}` : ''}</p>
      <div className="row">
        <label className="grow">Environment<input value={draft.environment} onChange={(e) => update({ environment: e.target.value })} /></label>
        <label className="grow">Build<input value={draft.build} onChange={(e) => update({ build: e.target.value })} /></label>
      </div>
      <ol className="player-steps">
        {testCase.steps.map((step, i) => (
          <StepRow key={i} index={i} step={step} value={draft.steps[i]!}
            onChange={(value) => update({ steps: draft.steps.map((s, j) => (j === i ? value : s)) })}
            onDefect={() => setDefectStep(i)}
            evidence={<StepEvidence step={i} items={evidenceOf(i)} onFiles={(files) => addFiles(i, files)} />}
            onPasteFile={(file) => void addFiles(i, [file], true).catch((e: unknown) => setError(describe(e)))} />
        ))}
      </ol>
      <fieldset className="outcome">
        <legend>Result</legend>
        <p data-testid="derived-status">From the steps: <strong>{derived ? titleCase(derived) : 'not all steps have a result yet'}</strong></p>
        <label>Overall status
          <select value={draft.override} onChange={(e) => update({ override: e.target.value })} data-testid="status-override">
            <option value="">As the steps give</option>
            {EXECUTION_STATUSES.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
          </select>
        </label>
        {overridden && derived && (
          <label>Why is it {titleCase(draft.override)}?<input value={draft.overrideReason} onChange={(e) => update({ overrideReason: e.target.value })} /></label>
        )}
        <label>Notes<textarea rows={3} value={draft.notes} onChange={(e) => update({ notes: e.target.value })} /></label>
      </fieldset>
      {notice && <p className="notice" role="status">{notice}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="actions">
        <button type="button" className="primary" data-testid="save-execution" onClick={() => void save()}>
          Save execution{status ? ` (${titleCase(status)})` : ''}
        </button>
      </div>
      {defectStep !== null && (
        <DefectDialog testCase={testCase} step={defectStep} actual={draft.steps[defectStep]!.actual}
          onClose={() => setDefectStep(null)} onCreated={(title) => setNotice(`Defect “${title}” created.`)} />
      )}
    </section>
  );
}
