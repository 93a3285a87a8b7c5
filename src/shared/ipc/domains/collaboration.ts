// search:*, comments:*, notifications:* — what every user shares, all served by the replica.
import { z } from 'zod';
import { commentFields } from '../../replica/inputs';

const id = z.uuid({ error: 'must be an id (UUID)' });

export interface SearchResult {
  kind: 'documents' | 'test_cases' | 'change_requests' | 'tasks' | 'comments';
  id: string;
  projectId: string;
  title: string;
  /** Matching text with the terms wrapped in [[ ]]. */
  snippet: string;
  /** For a comment: the item it is on. */
  target?: { entityType: string; entityId: string } | undefined;
}

export interface CommentItem {
  id: string;
  parentId: string | null;
  body: string;
  authorId: string | null;
  authorName: string | null;
  createdAt: string;
  editedAt: string | null;
  mentions: string[];
  unsynced: boolean;
  mine: boolean;
}

export interface NotificationItem {
  id: string;
  type: string;
  title: string;
  body: string;
  entityType: string | null;
  entityId: string | null;
  projectId: string | null;
  createdAt: string;
  read: boolean;
}

const entity = z.object({ entityType: commentFields.shape.entity_type, entityId: id }).strict();

export const collaborationChannels = {
  'search:query': { input: z.object({ text: z.string().max(500), projectId: id.optional(), limit: z.number().int().min(1).max(200).optional() }).strict(), output: z.custom<SearchResult[]>() },
  'comments:list': { input: entity, output: z.custom<CommentItem[]>() },
  'comments:add': { input: entity.extend({ body: commentFields.shape.body, parentId: id.optional(), mentions: commentFields.shape.mentions.optional() }).strict(), output: z.custom<CommentItem[]>() },
  'comments:edit': { input: z.object({ id, body: commentFields.shape.body, mentions: commentFields.shape.mentions.optional() }).strict(), output: z.custom<{ id: string }>() },
  'comments:delete': { input: z.object({ id }).strict(), output: z.custom<{ id: string }>() },
  'notifications:list': { input: z.object({ unreadOnly: z.boolean().optional() }).strict(), output: z.custom<NotificationItem[]>() },
  'notifications:markRead': { input: z.object({ ids: z.array(id).min(1).max(500) }).strict(), output: z.custom<{ updated: number }>() },
} as const;
