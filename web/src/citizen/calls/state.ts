/** The call I am in (at most one): who, which kind, and where it stands. Signalling that
arrives before the call's UI has loaded waits until it listens. */

import { signal } from "@preact/signals";
import type { Sender } from "../../sdk";

export type Phase = "ringing-out" | "ringing-in" | "connecting" | "connected" | "ended";

export interface Call {
  id: string | null;
  peer: Sender;
  kind: "audio" | "video";
  phase: Phase;
  /** I rang (I make the offer) or I was rung. */
  outgoing: boolean;
  reason?: string;
}

type Signal = Record<string, unknown>;

export const call = signal<Call | null>(null);
const waiting: Signal[] = [];
let listener: ((data: Signal) => void) | null = null;

export function startCall(peer: Sender, kind: "audio" | "video"): void {
  if (call.value && call.value.phase !== "ended") return;
  waiting.length = 0;
  call.value = { id: null, peer, kind, phase: "ringing-out", outgoing: true };
}

export function ring(id: string, peer: Sender, kind: "audio" | "video"): boolean {
  if (call.value && call.value.phase !== "ended") return false;
  waiting.length = 0;
  call.value = { id, peer, kind, phase: "ringing-in", outgoing: false };
  return true;
}

export function update(patch: Partial<Call>): void {
  if (call.value) call.value = { ...call.value, ...patch };
}

export function deliver(data: Signal): void {
  if (listener) listener(data);
  else waiting.push(data);
}

export function listen(handler: (data: Signal) => void): () => void {
  listener = handler;
  for (const data of waiting.splice(0)) handler(data);
  return () => {
    listener = null;
  };
}
