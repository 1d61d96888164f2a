/** The reconcile: a full comparison of Wickr with the IdPs, applied through the consumer. */
export { reconcile, emptyCounts } from './reconcile';
export { checkDeletions, checkListings, checkSuspensions, GuardReason } from './guard';
export type { GuardVerdict } from './guard';
export { CHUNK_ITEMS, SUSPENSIONS_STREAM, groupRefs, initialCheckpoint, loadSnapshot, readListings } from './listing';
export { memberItems, memberUserId, recordGroupMembers } from './members';
export type { MemberItem } from './members';
export { runReconcileInvocation, PLAN_LINES_MAX, SEND_SLICE } from './run';
export type { InvocationOutcome, ReconcilePayload, RunDeps } from './run';
export { RunStatus } from './ports';
export type { ContinuationPort, ReconcileStore, RunRecord, StoredLink } from './ports';
export type { MembersCursor, PlanLine, ReconcileCheckpoint, ReconcileRequest, RunResult, StreamState } from './runTypes';
export { ActionReason } from './types';
export type { LinkEntry, ReconcileAction, ReconcileCounts, ReconcileFilter, ReconcileInput, ReconcileOutcome, SourceListing, SuspensionEntry } from './types';
export { deletionAction, recordSuspensions } from './deletions';
export { parseReconcilePayload } from './payload';
export type { ParsedPayload } from './payload';
