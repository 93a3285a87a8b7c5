// The next steps a person can take by hand (APPROVED and REJECTED come only from decisions).
export const NEXT_STATUSES: Record<string, { status: string; label: string }[]> = {
  DRAFT: [{ status: 'SUBMITTED', label: 'Submit' }, { status: 'CANCELLED', label: 'Cancel request' }],
  SUBMITTED: [{ status: 'IN_REVIEW', label: 'Start review' }, { status: 'DRAFT', label: 'Back to draft' }, { status: 'CANCELLED', label: 'Cancel request' }],
  IN_REVIEW: [{ status: 'DRAFT', label: 'Withdraw to draft' }, { status: 'CANCELLED', label: 'Cancel request' }],
  APPROVED: [{ status: 'IMPLEMENTED', label: 'Mark implemented' }, { status: 'CANCELLED', label: 'Cancel request' }],
  REJECTED: [{ status: 'DRAFT', label: 'Rework as draft' }, { status: 'CLOSED', label: 'Close' }],
  IMPLEMENTED: [{ status: 'CLOSED', label: 'Close' }],
};
