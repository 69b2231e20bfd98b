package dev.strangler.gateway.state;

import java.time.Duration;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

/**
 * Blocking calls of Redis with a bound on the wait, for the store's own threads and the admin API's
 * workers (never an event loop). Every failure, a refused connection or a timeout, becomes a {@link
 * StateStoreUnavailableException}. Scripts answer one string (JSON made with Redis' {@code cjson}),
 * so that no reply shape depends on the client's decoding of nested arrays.
 */
final class RedisCalls {

  private static final Log log = LogFactory.getLog(RedisCalls.class);

  private final ReactiveStringRedisTemplate redis;

  private final Duration timeout;

  RedisCalls(ReactiveStringRedisTemplate redis, Duration timeout) {
    this.redis = redis;
    this.timeout = timeout;
  }

  ReactiveStringRedisTemplate template() {
    return redis;
  }

  /**
   * Runs a script.
   *
   * @param what what the call does, for the error
   * @param script the script
   * @param keys its keys
   * @param args its arguments
   * @return its answer
   * @throws StateStoreUnavailableException when Redis cannot answer in time
   */
  String script(String what, RedisScript<String> script, List<String> keys, List<String> args) {
    String answer = block(what, redis.execute(script, keys, args).next());
    if (answer == null) {
      // every script of the store answers a string: no answer is another call's reply
      String problem = what + ": Redis gave no answer";
      resetConnection(problem);
      throw new StateStoreUnavailableException(problem, null);
    }
    return answer;
  }

  /**
   * Drops the shared connection after an answer that cannot be the one asked for (a script that
   * always answers answered nothing, or an answer of another shape). Lettuce pairs each reply with
   * the oldest command waiting on the connection; once a reply went to the wrong command, every
   * later call on that connection would get another call's answer, and the replica would never read
   * the shared state again. The next call opens a new connection.
   *
   * @param why what was wrong, for the log
   */
  void resetConnection(String why) {
    if (redis.getConnectionFactory() instanceof LettuceConnectionFactory lettuce) {
      log.warn(
          "Opening a new Redis connection: the answers on the old one no longer fit (" + why + ")");
      lettuce.resetConnection();
    }
  }

  /**
   * Waits for a call.
   *
   * @param what what the call does, for the error
   * @param call the call
   * @return its value, or null when it had none
   * @throws StateStoreUnavailableException when Redis cannot answer in time
   */
  <T> @Nullable T block(String what, Mono<T> call) {
    try {
      return call.block(timeout);
    } catch (RuntimeException ex) {
      throw new StateStoreUnavailableException(
          what + ": Redis did not answer (" + describe(ex) + ")", ex);
    }
  }

  /** The innermost message of a failure, which names the cause (connection refused, timeout). */
  static String describe(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
