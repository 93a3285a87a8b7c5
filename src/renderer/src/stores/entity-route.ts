// Where an item opens, by its entity type (comments, notifications, impacts, search results name items this way).
import type { Route } from './workspace-store';

export function routeFor(entityType: string | null | undefined, entityId: string | null | undefined): Route | null {
  if (!entityId) return null;
  switch (entityType) {
    case 'DOCUMENT': return { screen: 'document', documentId: entityId };
    case 'TEST_CASE': return { screen: 'test-case', testCaseId: entityId };
    case 'CHANGE_REQUEST': return { screen: 'change-request', changeRequestId: entityId };
    default: return null;
  }
}
