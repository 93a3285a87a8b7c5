// The coverage matrix's filters: document, tag, suite, state.
import { MATRIX_STATUSES } from '../../../shared/trace/matrix';
import type { MatrixFilterOptions, MatrixStatus } from '../../../shared/trace/matrix';

export interface MatrixFilterState {
  documentId: string;
  tag: string;
  suite: string;
  status: '' | MatrixStatus;
}

export const NO_FILTER: MatrixFilterState = { documentId: '', tag: '', suite: '', status: '' };

const STATUS_LABELS: Record<MatrixStatus, string> = {
  UNCOVERED: 'No linked case', UNTESTED: 'Cases never run', FAILED: 'Failed', BLOCKED: 'Blocked', PASSED: 'Passed', SKIPPED: 'Skipped',
  SUSPECT: 'Suspect links',
};

interface Props {
  filter: MatrixFilterState;
  options: MatrixFilterOptions;
  documents: { id: string; title: string }[];
  onChange(change: Partial<MatrixFilterState>): void;
}

export function MatrixFilters({ filter, options, documents, onChange }: Props) {
  return (
    <div className="filters" role="search" aria-label="Matrix filters">
      <select aria-label="Document" data-testid="matrix-document" value={filter.documentId} onChange={(e) => onChange({ documentId: e.target.value })}>
        <option value="">Every document</option>
        {documents.map((d) => <option key={d.id} value={d.id}>{d.title}</option>)}
      </select>
      <select aria-label="Tag" value={filter.tag} onChange={(e) => onChange({ tag: e.target.value })}>
        <option value="">Any tag</option>
        {options.tags.map((t) => <option key={t} value={t}>{t}</option>)}
      </select>
      <select aria-label="Suite" value={filter.suite} onChange={(e) => onChange({ suite: e.target.value })}>
        <option value="">Any suite</option>
        {options.suites.map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
      <select aria-label="State" data-testid="matrix-status" value={filter.status} onChange={(e) => onChange({ status: e.target.value as MatrixFilterState['status'] })}>
        <option value="">Any state</option>
        {MATRIX_STATUSES.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
      </select>
    </div>
  );
}
