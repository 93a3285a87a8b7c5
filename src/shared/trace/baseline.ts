// Baselines' data shapes: the list, one baseline's items, and the comparison of two baselines (or of
// a baseline with now), shown by the baselines screen and written by exports.

export type BaselineItemType = 'DOCUMENT' | 'TEST_CASE';

export interface BaselineSummary {
  id: string;
  projectId: string;
  name: string;
  description: string;
  scope: 'PROJECT' | 'SELECTION';
  documentIds: string[];
  suites: string[];
  itemCount: number;
  /** The device time the snapshot was taken. */
  takenAt: string;
  createdBy: string | null;
  createdByName: string | null;
  /** True while this device has not pushed it (or all of its items) yet. */
  unsynced: boolean;
}

/** The version of one item a baseline records (or, for "now", the item's current version). */
export interface BaselineEntry {
  type: BaselineItemType;
  itemId: string;
  title: string;
  /** Documents: the version number (0 until the version synced, or when there was none); cases: case_version. */
  version: number;
  /** Documents: the document_versions row recorded (null when the document had no version). */
  documentVersionId: string | null;
}

export type ComparisonChange = 'ADDED' | 'REMOVED' | 'CHANGED' | 'UNCHANGED';

export interface ComparisonEntry {
  type: BaselineItemType;
  itemId: string;
  title: string;
  change: ComparisonChange;
  /** The item as the first (older) side recorded it; null when added. */
  from: BaselineEntry | null;
  /** The item as the second side records it (a baseline, or now); null when removed. */
  to: BaselineEntry | null;
}

export interface BaselineComparison {
  /** The first side: a baseline. */
  from: { baselineId: string; name: string; takenAt: string };
  /** The second side: another baseline, or the project as it is now (baselineId null). */
  to: { baselineId: string | null; name: string; takenAt: string };
  /** Changed, added and removed items first, then unchanged ones. */
  entries: ComparisonEntry[];
  counts: Record<ComparisonChange, number>;
}
