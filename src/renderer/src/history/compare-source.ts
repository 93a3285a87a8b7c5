// What a compare side can be: a saved version, or the current text in the editor.
import type { Editor } from '@tiptap/react';
import type { VersionListItem } from '../../../shared/ipc/domains/documents';
import { call } from '../ipc/client';
import { snapshot } from '../editor/use-collaborative-editor';

export const CURRENT = 'current';

export interface CompareSide {
  label: string;
  text: string;
  order: number;
}

export async function loadSide(id: string, editor: Editor, versions: VersionListItem[]): Promise<CompareSide> {
  if (id === CURRENT) return { label: 'Current text', text: snapshot(editor).content, order: Number.MAX_SAFE_INTEGER };
  const version = await call('documents:version', { id });
  const index = versions.findIndex((v) => v.id === id);
  return {
    label: version.number ? `Version ${version.number}` : 'Unsynced version',
    text: version.content,
    // The list is newest first.
    order: versions.length - index,
  };
}
