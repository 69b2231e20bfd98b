package dev.strangler.gateway.state;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the {@code redis} store. A script runs atomically in Redis, so a change, its
 * version, its audit entry and its notice are written as one, and a compare-and-set cannot be
 * interleaved with another replica's write. Each answers one JSON string.
 */
final class RedisScripts {

  private RedisScripts() {}

  /**
   * Writes a route's state if it is at the expected version, in the expected epoch, and (for a
   * fenced write) while the writer holds the plan lease.
   *
   * <p>KEYS: routes, versions, seq, epoch, audit, changes, lease. ARGV: route id, expected version,
   * state JSON (empty: remove), audit entry JSON (empty: none), fence token (empty: none), audit
   * capacity, epoch. Answers {@code {"status":"ok","seq":n,"id":streamId}}, {@code
   * {"status":"conflict","version":n,"state":json}}, {@code {"status":"fenced"}} or {@code
   * {"status":"epoch"}}.
   */
  static final RedisScript<String> WRITE =
      RedisScript.of(
          """
          if redis.call('GET', KEYS[4]) ~= ARGV[7] then
            return cjson.encode({status = 'epoch'})
          end
          if ARGV[5] ~= '' and redis.call('GET', KEYS[7]) ~= ARGV[5] then
            return cjson.encode({status = 'fenced'})
          end
          local version = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
          if version ~= tonumber(ARGV[2]) then
            return cjson.encode({status = 'conflict', version = version,
              state = redis.call('HGET', KEYS[1], ARGV[1]) or ''})
          end
          local seq = redis.call('INCR', KEYS[3])
          if ARGV[3] == '' then
            redis.call('HDEL', KEYS[1], ARGV[1])
            redis.call('HDEL', KEYS[2], ARGV[1])
          else
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            redis.call('HSET', KEYS[2], ARGV[1], seq)
          end
          local id = ''
          if ARGV[4] ~= '' then
            id = redis.call('XADD', KEYS[5], 'MAXLEN', ARGV[6], '*', 'entry', ARGV[4])
          end
          redis.call('PUBLISH', KEYS[6], seq)
          return cjson.encode({status = 'ok', seq = seq, id = id})
          """,
          String.class);

  /**
   * Adds an audit entry and announces it.
   *
   * <p>KEYS: seq, epoch, audit, changes. ARGV: entry JSON, audit capacity, epoch. Answers {@code
   * {"status":"ok","id":streamId}} or {@code {"status":"epoch"}}.
   */
  static final RedisScript<String> APPEND =
      RedisScript.of(
          """
          if redis.call('GET', KEYS[2]) ~= ARGV[3] then
            return cjson.encode({status = 'epoch'})
          end
          local id = redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[2], '*', 'entry', ARGV[1])
          local seq = redis.call('INCR', KEYS[1])
          redis.call('PUBLISH', KEYS[4], seq)
          return cjson.encode({status = 'ok', id = id})
          """,
          String.class);

  /**
   * The whole shared state at one moment.
   *
   * <p>KEYS: epoch, seq, routes, versions. Answers {@code
   * {"epoch":name|false,"seq":n|false,"routes":{id:json},"versions":{id:n}}}.
   */
  static final RedisScript<String> SNAPSHOT =
      RedisScript.of(
          """
          local function hash(key)
            local flat = redis.call('HGETALL', key)
            local map = {}
            for i = 1, #flat, 2 do map[flat[i]] = flat[i + 1] end
            return map
          end
          return cjson.encode({epoch = redis.call('GET', KEYS[1]),
            seq = redis.call('GET', KEYS[2]), routes = hash(KEYS[3]), versions = hash(KEYS[4])})
          """,
          String.class);

  /**
   * Audit entries after a stream id, oldest first; or, with an empty id, the newest ones.
   *
   * <p>KEYS: audit. ARGV: the last id read (empty: read the newest), the most entries. Answers
   * {@code [[id, json], ...]} (an empty array as {@code {}}).
   */
  static final RedisScript<String> AUDIT =
      RedisScript.of(
          """
          local rows
          if ARGV[1] == '' then
            rows = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', ARGV[2])
          else
            rows = redis.call('XRANGE', KEYS[1], '(' .. ARGV[1], '+', 'COUNT', ARGV[2])
          end
          local out = {}
          for i, row in ipairs(rows) do
            local entry = ''
            for j = 1, #row[2], 2 do
              if row[2][j] == 'entry' then entry = row[2][j + 1] end
            end
            out[i] = {row[1], entry}
          end
          if ARGV[1] == '' then
            local reversed = {}
            for i = #out, 1, -1 do reversed[#reversed + 1] = out[i] end
            out = reversed
          end
          return cjson.encode(out)
          """,
          String.class);

  /**
   * Writes back what Redis lost, as one replica held it: its audit log (once per lost epoch: the
   * first replica to claim it) and the state of each route that Redis does not have, each with its
   * audit entry. What another replica wrote back first stands.
   *
   * <p>KEYS: epoch, audit, restored marker of the lost epoch, routes, versions, seq, changes. ARGV:
   * the current epoch, audit capacity, the highest version the replica held (the sequence goes on
   * above it, so versions never repeat), the number n of audit entries, those n entries' JSON
   * (oldest first), then per route: its id, its state JSON, the JSON of its audit entry. Answers
   * {@code {"status":"ok","restored":[ids]}} or {@code {"status":"epoch"}}.
   */
  static final RedisScript<String> RESTORE =
      RedisScript.of(
          """
          if redis.call('GET', KEYS[1]) ~= ARGV[1] then
            return cjson.encode({status = 'epoch'})
          end
          if tonumber(redis.call('GET', KEYS[6]) or '0') < tonumber(ARGV[3]) then
            redis.call('SET', KEYS[6], ARGV[3])
          end
          local n = tonumber(ARGV[4])
          if n > 0 and redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', 86400000) then
            for i = 5, 4 + n do
              redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], '*', 'entry', ARGV[i])
            end
          end
          local restored = {}
          local i = 5 + n
          while i + 2 <= #ARGV do
            if redis.call('HEXISTS', KEYS[4], ARGV[i]) == 0 then
              local seq = redis.call('INCR', KEYS[6])
              redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
              redis.call('HSET', KEYS[5], ARGV[i], seq)
              redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[2], '*', 'entry', ARGV[i + 2])
              restored[#restored + 1] = ARGV[i]
            end
            i = i + 3
          end
          redis.call('PUBLISH', KEYS[7], 'restored')
          return cjson.encode({status = 'ok', restored = restored})
          """,
          String.class);

  /**
   * Takes the lease when free, renews it when held by the same token.
   *
   * <p>KEYS: lease. ARGV: token, time to live in milliseconds. Answers {@code {"held":true|false}}.
   */
  static final RedisScript<String> ACQUIRE =
      RedisScript.of(
          """
          local holder = redis.call('GET', KEYS[1])
          if holder == ARGV[1] then
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return cjson.encode({held = true})
          end
          if holder then
            return cjson.encode({held = false})
          end
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return cjson.encode({held = true})
          """,
          String.class);

  /**
   * Gives the lease up, if held by the token.
   *
   * <p>KEYS: lease. ARGV: token. Answers {@code {"released":true|false}}.
   */
  static final RedisScript<String> RELEASE =
      RedisScript.of(
          """
          if redis.call('GET', KEYS[1]) == ARGV[1] then
            redis.call('DEL', KEYS[1])
            return cjson.encode({released = true})
          end
          return cjson.encode({released = false})
          """,
          String.class);

  /**
   * Publishes this replica's figures and reads the other live replicas'.
   *
   * <p>KEYS: replicas set. ARGV: prefix of the figures keys, this replica's id, time to live in
   * milliseconds, then field, value pairs ({@code @startedAt}, {@code @publishedAt} and one per
   * section). Answers {@code {replicaId: {field: value}}} for the others.
   */
  static final RedisScript<String> EXCHANGE_FIGURES =
      RedisScript.of(
          """
          local key = ARGV[1] .. ARGV[2]
          redis.call('DEL', key)
          if #ARGV > 3 then
            redis.call('HSET', key, unpack(ARGV, 4))
            redis.call('PEXPIRE', key, ARGV[3])
            redis.call('SADD', KEYS[1], ARGV[2])
          end
          local out = {}
          for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
            if id ~= ARGV[2] then
              local flat = redis.call('HGETALL', ARGV[1] .. id)
              if #flat == 0 then
                redis.call('SREM', KEYS[1], id)
              else
                local fields = {}
                for i = 1, #flat, 2 do fields[flat[i]] = flat[i + 1] end
                out[id] = fields
              end
            end
          end
          return cjson.encode(out)
          """,
          String.class);

  /**
   * Takes this replica's figures away, when it stops.
   *
   * <p>KEYS: replicas set. ARGV: prefix of the figures keys, this replica's id. Answers {@code {}}.
   */
  static final RedisScript<String> WITHDRAW_FIGURES =
      RedisScript.of(
          """
          redis.call('DEL', ARGV[1] .. ARGV[2])
          redis.call('SREM', KEYS[1], ARGV[2])
          return '{}'
          """,
          String.class);
}
