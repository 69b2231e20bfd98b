package dev.strangler.gateway.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.gateway.support.RedisServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** Calls of a real Redis: an answer that cannot be the one asked for drops the connection. */
class RedisCallsIT {

  @RegisterExtension static RedisServer redis = RedisServer.newInstance();

  private LettuceConnectionFactory factory;

  private ReactiveStringRedisTemplate template;

  private RedisCalls calls;

  @BeforeEach
  void connect() {
    factory = redis.newConnectionFactory();
    template = new ReactiveStringRedisTemplate(factory);
    calls = new RedisCalls(template, Duration.ofSeconds(2));
  }

  @AfterEach
  void close() {
    factory.destroy();
  }

  @Test
  void script_answeringNothing_isUnavailable_andTheNextCallRunsOnANewConnection() {
    calls.block(
        "name the connection",
        template.execute(c -> c.serverCommands().setClientName("first")).next());
    assertThat(clientName()).isEqualTo("first");

    assertThatThrownBy(
            () ->
                calls.script(
                    "a script that answers nothing",
                    RedisScript.of("return nil", String.class),
                    List.of(),
                    List.of()))
        .isInstanceOf(StateStoreUnavailableException.class)
        .hasMessageContaining("a script that answers nothing: Redis gave no answer");

    assertThat(clientName()).as("the name of a new connection").isNull();
    assertThat(
            calls.script(
                "a script that answers",
                RedisScript.of("return 'ok'", String.class),
                List.of(),
                List.of()))
        .isEqualTo("ok");
  }

  @Test
  void resetConnection_keepsCallsWorking() {
    calls.block(
        "name the connection",
        template.execute(c -> c.serverCommands().setClientName("first")).next());

    calls.resetConnection("a test");

    assertThat(clientName()).isNull();
    assertThat(calls.block("ping", template.execute(c -> c.ping()).next())).isEqualTo("PONG");
  }

  private String clientName() {
    return calls.block(
        "read the connection's name",
        template.execute(c -> c.serverCommands().getClientName()).next());
  }
}
