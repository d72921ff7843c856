import { defineQuery, defineSignal } from '@temporalio/workflow';
import { PROGRESS_QUERY_NAME } from './contract';

/** The contract of safariHost (one Safari host, one driver: see src/workflows/safari-host.ts): turns asked for and given back. */

export type TurnPriority = 'send' | 'read';
export interface TurnRequest {
  requestId: string;
  workflowId: string;
  priority: TurnPriority;
  maxHoldMs: number;
}
export interface TurnRelease {
  requestId: string;
  quietMs?: number;
}

export const requestTurnSignal = defineSignal<[TurnRequest]>('requestSafariTurn');
export const releaseTurnSignal = defineSignal<[TurnRelease]>('releaseSafariTurn');
/** The holder still holds its turn: its expiry counts from now. */
export const renewTurnSignal = defineSignal<[{ requestId: string }]>('renewSafariTurn');
/** Sent to the holder's workflow. */
export const turnGrantedSignal = defineSignal<[{ requestId: string }]>('safariTurnGranted');
/** Sent to the holder's workflow: someone waits for the turn; give it back after the current piece. */
export const turnWantedSignal = defineSignal<[{ requestId: string }]>('safariTurnWanted');

export interface Holder extends TurnRequest {
  /** When it was granted or last renewed: the expiry counts from here. */
  grantedAtMs: number;
  /** It has been told that someone waits. */
  told?: boolean;
}
export interface SafariHostState {
  holder: Holder | null;
  waiting: TurnRequest[];
  /** No grant before this (a quiet period after an unanswered call). */
  quietUntilMs: number;
  /** Recent request ids already served: signals arrive at least once. */
  done: string[];
}
export interface SafariHostInput {
  version: 1;
  hostKey: string;
  /** Continue as new after this many history events; the state is small. */
  maxHistory: number;
  carry?: SafariHostState;
}
export interface SafariHostProgress {
  hostKey: string;
  holder: { workflowId: string; priority: TurnPriority; since: string } | null;
  waiting: { workflowId: string; priority: TurnPriority }[];
}

export const safariHostProgressQuery = defineQuery<SafariHostProgress>(PROGRESS_QUERY_NAME);
