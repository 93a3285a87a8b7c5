// Comments on any item: threaded replies, @mentions (the mentioned people are notified by central).
import { useState } from 'react';
import type { ReactElement } from 'react';
import type { CommentItem } from '../../../shared/ipc/domains/collaboration';
import { call } from '../ipc/client';
import { formatAgo } from '../lib/format';
import { useLive } from '../lib/use-live';
import { CommentComposer } from './CommentComposer';

type EntityType = 'DOCUMENT' | 'TEST_CASE' | 'TEST_EXECUTION' | 'CHANGE_REQUEST' | 'TASK';

export function CommentsPanel({ entityType, entityId }: { entityType: EntityType; entityId: string }) {
  const { value, error, reload } = useLive(() => call('comments:list', { entityType, entityId }), 'comments,users,outbox', `${entityType}:${entityId}`);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const comments = value ?? [];
  const thread = (parentId: string | null, depth: number): ReactElement[] =>
    comments.filter((c) => c.parentId === parentId).flatMap((c) => [
      <Comment key={c.id} comment={c} depth={depth} replying={replyTo === c.id} onReply={() => setReplyTo(replyTo === c.id ? null : c.id)}
        onReplied={() => { setReplyTo(null); void reload(); }} entityType={entityType} entityId={entityId} />,
      ...thread(c.id, depth + 1),
    ]);
  return (
    <div className="comments" data-testid="comments-panel">
      {error && <p role="alert" className="error">{error}</p>}
      <ul className="comment-list">{comments.length === 0 ? <li className="muted">No comments yet.</li> : thread(null, 0)}</ul>
      <CommentComposer entityType={entityType} entityId={entityId} onPosted={() => void reload()} />
    </div>
  );
}

interface CommentProps {
  comment: CommentItem;
  depth: number;
  replying: boolean;
  onReply(): void;
  onReplied(): void;
  entityType: EntityType;
  entityId: string;
}

function Comment({ comment, depth, replying, onReply, onReplied, entityType, entityId }: CommentProps) {
  return (
    <li className="comment" style={{ marginLeft: `${Math.min(depth, 4) * 1.25}rem` }} data-testid="comment">
      <div className="muted"><strong>{comment.authorName ?? 'You'}</strong> · {formatAgo(comment.createdAt)}{comment.editedAt ? ' · edited' : ''}
        {comment.unsynced && <span className="badge unsynced">Unsynced</span>}</div>
      <div className="comment-body">{comment.body}</div>
      <button type="button" className="link" onClick={onReply}>{replying ? 'Cancel reply' : 'Reply'}</button>
      {replying && <CommentComposer entityType={entityType} entityId={entityId} parentId={comment.id} onPosted={onReplied} />}
    </li>
  );
}
