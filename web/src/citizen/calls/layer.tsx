/** Always mounted while signed in: rings on call:incoming and loads the call UI (WebRTC) only
when a call begins. */

import { lazy, Suspense } from "preact/compat";
import { useEffect } from "preact/hooks";
import { live } from "../session";
import { call, deliver, ring, update } from "./state";

const CallDialog = lazy(() => import("./dialog"));

export function CallLayer() {
  const connection = live.value;
  useEffect(() => {
    if (!connection) return;
    const offs = [
      connection.on("call:incoming", (event) => {
        ring(event.call_id, event.from, event.kind);
      }),
      connection.on("call:signal", (event) => {
        if (event.call_id === call.value?.id) deliver(event.data);
      }),
      connection.on("call:accepted", (event) => {
        if (event.call_id === call.value?.id) update({ phase: "connecting" });
      }),
      connection.on("call:ended", (event) => {
        if (event.call_id === call.value?.id) update({ phase: "ended", reason: event.reason });
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [connection]);
  if (!call.value) return null;
  return (
    <Suspense fallback={null}>
      <CallDialog />
    </Suspense>
  );
}
