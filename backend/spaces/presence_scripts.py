"""The Lua scripts of the shared presence store: each operation is one atomic script.

Keys under the store's prefix P (a space slug never contains "~"):
- P<space>:where          hash  user id -> instance
- P<space>:<instance>     hash  user id -> occupant JSON
- P<space>:dev:<user id>  set   socket ids of the user's devices in the space
- P<space>:numbers        hash  instance -> last occupant number given
- P~procs                 zset  server process id -> end of its lease (ms, Redis's clock)
- P~owned:<process id>    set   "space\\tinstance\\tuser id\\tsocket id" per device it holds

A device lives as long as the lease of the process holding its socket: a process that dies
stops renewing, and the first live process to reap after the lease ends removes its devices
(and the occupants left without one)."""

from __future__ import annotations

# Shared by the scripts below: Redis's clock in milliseconds, and the bookkeeping of devices
# by owning process (the lease is taken on first use, so no device is ever unowned).
_PRELUDE = """
local function now_ms()
  local t = redis.call('TIME')
  return t[1] * 1000 + math.floor(t[2] / 1000)
end
local function device(space, instance, uid, sid)
  return space .. '\\t' .. instance .. '\\t' .. uid .. '\\t' .. sid
end
local function parse(entry)
  return string.match(entry, '^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$')
end
local function own(prefix, pid, lease_ms, entry)
  if not redis.call('ZSCORE', prefix .. '~procs', pid) then
    redis.call('ZADD', prefix .. '~procs', now_ms() + lease_ms, pid)
  end
  redis.call('SADD', prefix .. '~owned:' .. pid, entry)
end
"""

JOIN = (
    _PRELUDE
    + """
local prefix, space, uid, sid = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local capacity, instances, first = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[8])
local pid, lease_ms = ARGV[9], tonumber(ARGV[10])
local base = prefix .. space
local current = redis.call('HGET', base .. ':where', uid)
if current then
  redis.call('SADD', base .. ':dev:' .. uid, sid)
  own(prefix, pid, lease_ms, device(space, current, uid, sid))
  return {tonumber(current), 0, redis.call('HGET', base .. ':' .. current, uid)}
end
for i = first, first + instances - 1 do
  local room = base .. ':' .. i
  if redis.call('HLEN', room) < capacity then
    local occupant = cjson.decode(ARGV[7])
    occupant.n = redis.call('HINCRBY', base .. ':numbers', i, 1)
    local stored = cjson.encode(occupant)
    redis.call('HSET', room, uid, stored)
    redis.call('HSET', base .. ':where', uid, i)
    redis.call('SADD', base .. ':dev:' .. uid, sid)
    own(prefix, pid, lease_ms, device(space, i, uid, sid))
    return {i, 1, stored}
  end
end
return {0, 0, false}
"""
)

LEAVE = (
    _PRELUDE
    + """
local prefix, space, uid, sid, instance, pid = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local base = prefix .. space
redis.call('SREM', prefix .. '~owned:' .. pid, device(space, instance, uid, sid))
local devices = base .. ':dev:' .. uid
if redis.call('SREM', devices, sid) == 0 then return 0 end
if redis.call('SCARD', devices) > 0 then return 0 end
redis.call('HDEL', base .. ':where', uid)
redis.call('HDEL', base .. ':' .. instance, uid)
return 1
"""
)

MOVE = """
local room = ARGV[1]
for i = 2, #ARGV, 2 do
  local current = redis.call('HGET', room, ARGV[i])
  if current then
    local occupant = cjson.decode(current)
    local position = cjson.decode(ARGV[i + 1])
    occupant.x, occupant.y, occupant.heading = position[1], position[2], position[3]
    redis.call('HSET', room, ARGV[i], cjson.encode(occupant))
  end
end
return 0
"""

# Extends the lease; answers how many devices the store holds for the process, which its
# caller compares with the sockets it really has.
RENEW = (
    _PRELUDE
    + """
local prefix, pid, lease_ms = ARGV[1], ARGV[2], tonumber(ARGV[3])
redis.call('ZADD', prefix .. '~procs', now_ms() + lease_ms, pid)
return redis.call('SCARD', prefix .. '~owned:' .. pid)
"""
)

# Removes up to ARGV[2] devices of one process whose lease has ended, so that a big dead
# process does not stall Redis for everyone at once (the process stays listed until its last
# device is gone); returns how many processes it worked on (0 or 1) and {space, instance,
# occupant} for each occupant who left with them.
REAP = (
    _PRELUDE
    + """
local prefix, batch = ARGV[1], tonumber(ARGV[2])
local procs = prefix .. '~procs'
local left = {}
local dead = redis.call('ZRANGEBYSCORE', procs, '-inf', now_ms(), 'LIMIT', 0, 1)
for _, pid in ipairs(dead) do
  local owned = prefix .. '~owned:' .. pid
  for _, entry in ipairs(redis.call('SPOP', owned, batch)) do
    local space, instance, uid, sid = parse(entry)
    local base = prefix .. space
    local devices = base .. ':dev:' .. uid
    if redis.call('SREM', devices, sid) == 1 and redis.call('SCARD', devices) == 0 then
      local at = redis.call('HGET', base .. ':where', uid) or instance
      local stored = redis.call('HGET', base .. ':' .. at, uid)
      redis.call('HDEL', base .. ':where', uid)
      redis.call('HDEL', base .. ':' .. at, uid)
      if stored then table.insert(left, {space, at, stored}) end
    end
  end
  if redis.call('SCARD', owned) == 0 then redis.call('ZREM', procs, pid) end
end
return {#dead, left}
"""
)
