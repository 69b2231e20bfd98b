package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathMatcherFactoryTest {

  /** A factory that only compiles claims nothing, so the router tries every route. */
  @Test
  void defaults_claimNoPrefixAndNoSegment() {
    PathMatcherFactory factory = pattern -> request -> true;

    assertThat(factory.literalPrefix("/api/orders/**")).isEmpty();
    assertThat(factory.pathSegment(TestRequest.get("/api/orders/1"), 0)).isNull();
  }
}
