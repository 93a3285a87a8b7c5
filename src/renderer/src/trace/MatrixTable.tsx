// The coverage matrix as a table: one row per document, its linked cases with their latest result.
// Rows with no linked case, cases never run, failed or blocked results and suspect links stand out.
import type { MatrixCell, MatrixRow } from '../../../shared/trace/matrix';
import { formatDateTime } from '../lib/format';
import { ResultBadge } from '../testing/ResultBadge';
import { useWorkspace } from '../stores/workspace-store';

function rowClass(row: MatrixRow): string {
  if (row.uncovered) return 'matrix-row uncovered';
  if (row.cells.some((c) => c.result === 'FAILED' || c.result === 'BLOCKED')) return 'matrix-row failing';
  if (row.cells.some((c) => c.result === 'UNTESTED')) return 'matrix-row untested';
  return 'matrix-row';
}

function Cell({ cell }: { cell: MatrixCell }) {
  const go = useWorkspace((s) => s.go);
  return (
    <li className={cell.suspect ? 'matrix-cell suspect' : 'matrix-cell'} data-testid="matrix-cell" data-result={cell.result} data-suspect={cell.suspect}>
      <button type="button" className="link" onClick={() => go({ screen: 'test-case', testCaseId: cell.caseId })}>{cell.caseTitle}</button>{' '}
      <ResultBadge status={cell.result === 'UNTESTED' ? null : cell.result} />
      {cell.executedAt && <span className="muted"> {formatDateTime(cell.executedAt)}</span>}
      {cell.suspect && <span className="badge suspect" title="One side has a new version since the link was reviewed">Suspect</span>}
    </li>
  );
}

export function MatrixTable({ rows }: { rows: MatrixRow[] }) {
  const go = useWorkspace((s) => s.go);
  return (
    <table className="list matrix" data-testid="coverage-matrix">
      <thead><tr><th>Document</th><th>Version</th><th>Linked test cases (latest result)</th></tr></thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.documentId} className={rowClass(row)} data-testid="matrix-row" data-document-id={row.documentId}>
            <td>
              <button type="button" className="link" onClick={() => go({ screen: 'document', documentId: row.documentId })}>{row.title}</button>
              <div className="muted">{[row.documentType.toLowerCase(), ...row.tags].join(' · ')}</div>
            </td>
            <td>{row.currentVersion || '—'}</td>
            <td>
              {row.uncovered ? <span className="warning-text" data-testid="uncovered">No linked test case</span> : (
                <ul className="matrix-cells">{row.cells.map((cell) => <Cell key={cell.relationId} cell={cell} />)}</ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
