// The project's test case library: filter by suite, status, priority; search; sort; last result.
import { useState } from 'react';
import { call } from '../ipc/client';
import { formatAgo, titleCase } from '../lib/format';
import { useWorkspace } from '../stores/workspace-store';
import { ResultBadge } from './ResultBadge';
import { useLive } from '../lib/use-live';
import { ExportButton } from '../exports/ExportButton';
import { CaseImportDialog } from '../exports/CaseImportDialog';

const STATUSES = ['DRAFT', 'READY', 'APPROVED', 'DEPRECATED'];
const PRIORITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

export function TestCasesScreen({ projectId }: { projectId: string }) {
  const go = useWorkspace((s) => s.go);
  const [filter, setFilter] = useState({ text: '', suite: '', status: '', priority: '', sort: 'suite' as 'suite' | 'title' | 'priority' | 'updated_at' });
  const query = {
    projectId, sort: filter.sort, ...(filter.text.trim() ? { text: filter.text } : {}), ...(filter.suite ? { suite: filter.suite } : {}),
    ...(filter.status ? { status: filter.status as never } : {}), ...(filter.priority ? { priority: filter.priority as never } : {}),
  };
  const cases = useLive(() => call('testCases:list', query), 'test_cases,test_executions', JSON.stringify(query));
  const suites = useLive(() => call('testCases:suites', { projectId }), 'test_cases', projectId);
  const [importing, setImporting] = useState(false);
  const set = (changes: Partial<typeof filter>) => setFilter((f) => ({ ...f, ...changes }));
  const items = cases.value ?? [];
  return (
    <section className="screen" data-testid="test-cases-screen">
      <header className="screen-header">
        <h1>Test cases</h1>
        <div className="export-actions">
          <ExportButton label="Export XLSX" testId="export-cases-xlsx" task="exports:testCasesXlsx" make={() => call('exports:testCasesXlsx', { projectId })} />
          <button type="button" data-testid="import-cases" onClick={() => setImporting(true)}>Import from XLSX/CSV…</button>
        </div>
      </header>
      {importing && <CaseImportDialog projectId={projectId} onClose={() => setImporting(false)} />}
      <div className="filters" role="search">
        <input type="search" placeholder="Search titles, steps and descriptions" aria-label="Search test cases" value={filter.text}
          onChange={(e) => set({ text: e.target.value })} />
        <select aria-label="Suite" value={filter.suite} onChange={(e) => set({ suite: e.target.value })}>
          <option value="">All suites</option>
          {(suites.value ?? []).map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <select aria-label="Status" value={filter.status} onChange={(e) => set({ status: e.target.value })}>
          <option value="">Any status</option>
          {STATUSES.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
        </select>
        <select aria-label="Priority" value={filter.priority} onChange={(e) => set({ priority: e.target.value })}>
          <option value="">Any priority</option>
          {PRIORITIES.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
        </select>
        <select aria-label="Sort by" value={filter.sort} onChange={(e) => set({ sort: e.target.value as typeof filter.sort })}>
          <option value="suite">Suite</option><option value="title">Title</option><option value="priority">Priority</option><option value="updated_at">Recently changed</option>
        </select>
      </div>
      {cases.error && <p role="alert" className="error">{cases.error}</p>}
      {items.length === 0 && cases.value && <p className="empty">No test cases match.</p>}
      {items.length > 0 && (
        <table className="list" data-testid="test-case-list">
          <thead><tr><th>Title</th><th>Suite</th><th>Priority</th><th>Status</th><th>Automation</th><th>Last result</th></tr></thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} data-testid="test-case-row" data-title={c.title}>
                <td><button type="button" className="link" onClick={() => go({ screen: 'test-case', testCaseId: c.id })}>{c.title}</button>
                  {c.tags.map((t) => <span key={t} className="tag">{t}</span>)}</td>
                <td>{c.suite || '—'}</td>
                <td>{titleCase(c.priority)}</td>
                <td>{titleCase(c.status)}</td>
                <td>{titleCase(c.automationStatus)}</td>
                <td><ResultBadge status={c.lastResult} /> <span className="muted">{c.lastExecutedAt ? formatAgo(c.lastExecutedAt) : ''}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
