// The coverage matrix of the current project: summary, filters, a screen's worth of rows at a time.
import { useState } from 'react';
import { call } from '../ipc/client';
import { useLive } from '../lib/use-live';
import { MatrixFilters, NO_FILTER } from './MatrixFilters';
import type { MatrixFilterState } from './MatrixFilters';
import { MatrixTable } from './MatrixTable';
import { ExportButton } from '../exports/ExportButton';

const PAGE = 200;
const withoutPaging = <T extends { offset: number; limit: number }>({ offset: _o, limit: _l, ...rest }: T) => rest;
const MATRIX_TABLES = 'documents,document_relations,relation_reviews,test_cases,test_executions,rejections';

export function MatrixView({ projectId }: { projectId: string }) {
  const [filter, setFilter] = useState<MatrixFilterState>(NO_FILTER);
  const [page, setPage] = useState(0);
  const query = {
    projectId, offset: page * PAGE, limit: PAGE,
    ...(filter.documentId ? { documentId: filter.documentId } : {}), ...(filter.tag ? { tag: filter.tag } : {}),
    ...(filter.suite ? { suite: filter.suite } : {}), ...(filter.status ? { status: filter.status } : {}),
  };
  const { value: matrix, error } = useLive(() => call('trace:matrix', query), MATRIX_TABLES, JSON.stringify(query));
  const documents = useLive(() => call('documents:list', { projectId }), 'documents', projectId).value ?? [];
  const options = useLive(() => call('trace:filterOptions', { projectId }), 'documents,test_cases,document_relations', projectId).value
    ?? { tags: [], suites: [] };
  const s = matrix?.summary;
  const pages = matrix ? Math.max(1, Math.ceil(matrix.totalRows / PAGE)) : 1;
  return (
    <div data-testid="matrix-view">
      <MatrixFilters filter={filter} options={options} documents={documents.filter((d) => !d.isTemplate)}
        onChange={(change) => { setFilter({ ...filter, ...change }); setPage(0); }} />
      <div className="export-actions">
        <ExportButton label="Export XLSX" testId="export-matrix-xlsx" task="exports:coverageXlsx" make={() => call('exports:coverageXlsx', withoutPaging(query))} />
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {s && (
        <p className="muted" data-testid="matrix-summary">
          {s.documents} documents: {s.covered} covered, <span className={s.uncovered ? 'warning-text' : ''}>{s.uncovered} without a test case</span>
          {' '}· {s.links} links: {s.passed} passed, {s.failed} failed, {s.blocked} blocked, {s.untested} never run · {s.suspect} suspect
        </p>
      )}
      {matrix && (matrix.rows.length === 0 ? <p className="muted">No document matches.</p> : <MatrixTable rows={matrix.rows} />)}
      {matrix && pages > 1 && (
        <div className="pager">
          <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
          <span className="muted">Page {page + 1} of {pages}</span>
          <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>Next</button>
        </div>
      )}
    </div>
  );
}
