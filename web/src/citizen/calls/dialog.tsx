/** A 1:1 call over WebRTC: the server relays the offer, answer and ICE candidates
(call:signal) and hands out the ICE servers (STUN, TURN with short-lived credentials); media
flows peer to peer. */

import { useEffect, useRef, useState } from "preact/hooks";
import { Dialog } from "../../ui/components";
import { t } from "../../ui/i18n";
import { api, errorText, live, unwrap } from "../session";
import { call, listen, update } from "./state";

type Signal = Record<string, unknown>;

export default function CallDialog() {
  const current = call.value;
  const media = useRef<{ pc: RTCPeerConnection | null; stream: MediaStream | null }>({
    pc: null,
    stream: null,
  });
  const remote = useRef<HTMLVideoElement>(null);
  const local = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => hangUpLocally(media.current), []);

  useEffect(() => {
    if (current?.phase === "ringing-out" && current.id === null) {
      void invite().catch((reason) => fail(reason));
    }
    if (current?.phase === "connecting" && current.outgoing && !media.current.pc && current.id) {
      // The caller, once accepted: make the offer.
      void connect(true).catch((reason) => fail(reason));
    }
    if (current?.phase === "ended") hangUpLocally(media.current);
  }, [current?.phase, current?.id]);

  if (!current) return null;
  const kind = current.kind === "video" ? t("callVideo") : t("callAudio");
  const name = current.peer.display_name;

  async function invite() {
    const connection = live.value;
    if (!connection || !current) return;
    media.current.stream = await getMedia(current.kind);
    const answer = await connection.request("call:invite", {
      to_user: current.peer.id,
      kind: current.kind,
    });
    update({ id: answer.call_id });
  }

  async function accept() {
    const connection = live.value;
    if (!connection || !current?.id) return;
    try {
      media.current.stream = await getMedia(current.kind);
      await connection.request("call:accept", { call_id: current.id });
      update({ phase: "connecting" });
      await connect(false);
    } catch (reason) {
      fail(reason);
    }
  }

  async function connect(offer: boolean) {
    const connection = live.value;
    const id = call.value?.id;
    if (!connection || !id) return;
    const servers = await unwrap(api.GET("/api/v1/calls/ice-servers"));
    const pc = new RTCPeerConnection({
      iceServers: (servers as { ice_servers?: RTCIceServer[] }).ice_servers ?? [],
    });
    media.current.pc = pc;
    const stream = media.current.stream;
    if (stream) {
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
      if (local.current) local.current.srcObject = stream;
    }
    const signal = (data: Signal) =>
      connection.request("call:signal", { call_id: id, data }).catch(() => undefined);
    pc.onicecandidate = (event) => {
      if (event.candidate) void signal({ type: "candidate", candidate: event.candidate.toJSON() });
    };
    pc.ontrack = (event) => {
      if (remote.current) remote.current.srcObject = event.streams[0] ?? null;
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === "connected") update({ phase: "connected" });
      if (pc.connectionState === "failed") update({ phase: "ended", reason: "failed" });
    };
    const early: RTCIceCandidateInit[] = [];
    const stop = listen((data) => void receive(pc, data, early, signal));
    pc.addEventListener("connectionstatechange", () => {
      if (pc.connectionState === "closed") stop();
    });
    if (offer) {
      await pc.setLocalDescription(await pc.createOffer());
      await signal({ type: "offer", sdp: pc.localDescription?.sdp });
    }
  }

  function fail(reason: unknown) {
    setError(errorText(reason));
    const id = call.value?.id;
    if (id) void live.value?.request("call:end", { call_id: id }).catch(() => undefined);
    update({ phase: "ended", reason: "error" });
  }

  function hangUp() {
    const id = call.value?.id;
    if (id && call.value?.phase !== "ended") {
      void live.value?.request("call:end", { call_id: id }).catch(() => undefined);
    }
    hangUpLocally(media.current);
    call.value = null;
  }

  const title =
    current.phase === "ringing-in"
      ? t("incomingCall", { name, kind })
      : current.phase === "connected"
        ? t("callConnected", { name })
        : current.phase === "ended"
          ? t("callEnded", { reason: current.reason ?? "" })
          : t("calling", { name });
  return (
    <Dialog
      title={title}
      onClose={hangUp}
      role={current.phase === "ringing-in" ? "alertdialog" : "dialog"}
    >
      <p role="status">{title}</p>
      {error && <p class="error">{error}</p>}
      <div class="call-media">
        {/* biome-ignore lint/a11y/useMediaCaption: a live call has no captions to give */}
        <video ref={remote} autoplay playsInline aria-label={t("remoteVideo")} />
        <video ref={local} autoplay playsInline muted aria-label={t("localVideo")} />
      </div>
      {current.phase === "ringing-in" ? (
        <p>
          <button type="button" onClick={() => void accept()}>
            {t("accept")}
          </button>{" "}
          <button type="button" onClick={hangUp}>
            {t("decline")}
          </button>
        </p>
      ) : (
        <button type="button" onClick={hangUp}>
          {current.phase === "ended" ? t("close") : t("hangUp")}
        </button>
      )}
    </Dialog>
  );
}

async function receive(
  pc: RTCPeerConnection,
  data: Signal,
  early: RTCIceCandidateInit[],
  signal: (data: Signal) => Promise<unknown>,
): Promise<void> {
  if (data.type === "offer" || data.type === "answer") {
    await pc.setRemoteDescription({ type: data.type, sdp: String(data.sdp ?? "") });
    for (const candidate of early.splice(0)) await pc.addIceCandidate(candidate);
    if (data.type === "offer") {
      await pc.setLocalDescription(await pc.createAnswer());
      await signal({ type: "answer", sdp: pc.localDescription?.sdp });
    }
  } else if (data.type === "candidate" && data.candidate) {
    const candidate = data.candidate as RTCIceCandidateInit;
    if (pc.remoteDescription) await pc.addIceCandidate(candidate);
    else early.push(candidate);
  }
}

function getMedia(kind: "audio" | "video"): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ audio: true, video: kind === "video" });
}

function hangUpLocally(media: { pc: RTCPeerConnection | null; stream: MediaStream | null }) {
  media.pc?.close();
  media.pc = null;
  for (const track of media.stream?.getTracks() ?? []) track.stop();
  media.stream = null;
}
