// A suspect link: one side got a new version since the link was last reviewed.

export interface SuspectLink {
  relationId: string;
  /** A document's link (to a document or a test case), or a link between two test cases. */
  linkKind: 'document' | 'testCase';
  projectId: string;
  relationType: string;
  source: { kind: 'document' | 'testCase'; id: string; title: string };
  target: { kind: 'document' | 'testCase'; id: string; title: string };
  /** The source document's version that made the link suspect (null: the source did not change). */
  sourceVersion: number | null;
  /** The target's version (document version or case_version) that made it suspect (null: it did not change). */
  targetVersion: number | null;
  suspectAt: string | null;
  /** Which suspicion a review clears (central refuses a review of an older one). */
  suspectRevision: number;
}
