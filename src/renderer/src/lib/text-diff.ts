// Word-level comparison of two versions' text, for the inline compare view.
import { diffWordsWithSpace } from 'diff';

export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** Blank lines between nested blocks (list items, table cells) collapse to one. */
const tidy = (text: string) => text.replace(/\n{3,}/g, '\n\n').trim();

export function diffText(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(tidy(before), tidy(after)).map((part) => ({
    kind: part.added ? 'added' : part.removed ? 'removed' : 'same',
    text: part.value,
  }));
}

export function diffCounts(parts: DiffPart[]): { added: number; removed: number } {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  return parts.reduce((acc, p) => {
    if (p.kind === 'added') acc.added += words(p.text);
    if (p.kind === 'removed') acc.removed += words(p.text);
    return acc;
  }, { added: 0, removed: 0 });
}
