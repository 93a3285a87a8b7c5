import type { JunitReport } from '../../../shared/ipc/domains/runs';
import { titleCase } from '../lib/format';

export function JunitReportView({ report }: { report: JunitReport }) {
  return (
    <div className="notice" data-testid="junit-report" role="status">
      <strong>{report.matched.length} result{report.matched.length === 1 ? '' : 's'} recorded</strong>
      {report.matched.length > 0 && <ul>{report.matched.map((m) => <li key={m.name}>{m.testCaseTitle}: {titleCase(m.status)} <span className="muted">({m.name})</span></li>)}</ul>}
      {report.unmatched.length > 0 && (
        <><p>Not matched to a case of this run (no case has that automation id):</p>
          <ul data-testid="junit-unmatched">{report.unmatched.map((u) => <li key={u.name}>{u.name} ({titleCase(u.status)})</li>)}</ul></>
      )}
      {report.notReported.length > 0 && <p>Automated cases of the run the report did not include: {report.notReported.join(', ')}</p>}
    </div>
  );
}
