import { titleCase } from '../lib/format';

export function ResultBadge({ status }: { status: string | null }) {
  if (!status) return <span className="result result-none">Not run</span>;
  return <span className={`result result-${status.toLowerCase()}`}>{titleCase(status)}</span>;
}
