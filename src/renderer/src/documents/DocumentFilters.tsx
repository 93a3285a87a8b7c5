import { DOCUMENT_STATUSES } from '../../../shared/ipc/domains/documents';
import { titleCase } from '../lib/format';
import { useDocuments } from '../stores/documents-store';

export function DocumentFilters() {
  const { filter, setFilter } = useDocuments();
  return (
    <div className="filters" role="search">
      <input type="search" placeholder="Search titles and text" aria-label="Search documents" data-testid="document-search"
        value={filter.text} onChange={(e) => setFilter({ text: e.target.value })} />
      <select aria-label="Status" value={filter.status} onChange={(e) => setFilter({ status: e.target.value })}>
        <option value="">Any status</option>
        {DOCUMENT_STATUSES.map((s) => <option key={s} value={s}>{titleCase(s)}</option>)}
      </select>
      <input placeholder="Tag" aria-label="Tag" value={filter.tag} onChange={(e) => setFilter({ tag: e.target.value.trim() })} />
    </div>
  );
}
