/** The cityhall TypeScript SDK: REST (typed from docs/openapi.json) with shared token refresh,
and Live (Socket.IO, typed from docs/asyncapi.yaml). Works in browsers and in Node 20. The
moderators' feed is imported from "./moderation" itself, so that apps without it (the citizen
page) never carry it. */

export { ApiError } from "./errors";
export * from "./events";
export { Inbox, spaceChannel } from "./inbox";
export { Live, type LiveEvents, type LiveOptions, type LiveStatus } from "./live";
export {
  type FeedStatus,
  MODERATION_EVENTS,
  type ModerationEvents,
  ModerationFeed,
} from "./moderation";
export { createRest, type Rest, type RestOptions, type Schemas, unwrap } from "./rest";
export {
  browserStorage,
  defaultLock,
  memoryStorage,
  type TokenPair,
  type TokenStorage,
  TokenStore,
} from "./tokens";
