// One suspect link: both ends (one click opens each), which version made it suspect, and "Mark reviewed".
import type { SuspectLink } from '../../../shared/trace/suspect';
import { titleCase } from '../lib/format';
import { routeFor } from '../stores/entity-route';
import { useWorkspace } from '../stores/workspace-store';
import type { Route } from '../stores/workspace-store';

export function changedSide(link: SuspectLink): string {
  const parts: string[] = [];
  if (link.sourceVersion !== null) parts.push(`"${link.source.title}" is at version ${link.sourceVersion || 'new (unsynced)'}`);
  if (link.targetVersion !== null) parts.push(`"${link.target.title}" is at version ${link.targetVersion || 'new (unsynced)'}`);
  return parts.join('; ');
}

const routeOf = (end: SuspectLink['target']): Route => routeFor(end.kind === 'document' ? 'DOCUMENT' : 'TEST_CASE', end.id)!;

export function SuspectLinkRow({ link, onReview }: { link: SuspectLink; onReview(): void }) {
  const go = useWorkspace((s) => s.go);
  return (
    <li data-testid="suspect-link" data-relation-id={link.relationId}>
      <span className="badge suspect">Suspect</span>{' '}
      <button type="button" className="link" onClick={() => go(routeOf(link.source))}>{link.source.title}</button>
      {' '}<span className="muted">{titleCase(link.relationType)}</span>{' '}
      <button type="button" className="link" onClick={() => go(routeOf(link.target))}>{link.target.title}</button>
      <div className="muted">{changedSide(link)}</div>
      <button type="button" data-testid="review-link" onClick={onReview}>Mark reviewed…</button>
    </li>
  );
}
