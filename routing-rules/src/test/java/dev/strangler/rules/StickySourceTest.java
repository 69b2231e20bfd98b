package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StickySourceTest {

  @Test
  void parse_everyKind() {
    assertThat(StickySource.parse("header:X-User-Id"))
        .isEqualTo(new StickySource(StickySource.Kind.HEADER, "X-User-Id"));
    assertThat(StickySource.parse("cookie:session"))
        .isEqualTo(new StickySource(StickySource.Kind.COOKIE, "session"));
    assertThat(StickySource.parse("query:user"))
        .isEqualTo(new StickySource(StickySource.Kind.QUERY, "user"));
    assertThat(StickySource.parse("ip")).isEqualTo(new StickySource(StickySource.Kind.IP, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"header:X-User-Id", "cookie:session", "query:user id", "ip"})
  void wireName_roundTrips(String wireName) {
    assertThat(StickySource.parse(wireName).wireName()).isEqualTo(wireName);
    assertThat(StickySource.parse(wireName)).hasToString(wireName);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "header", "header:", "ip:1.2.3.4", "body:user", "header:X User"})
  void parse_malformed_isRefused(String wireName) {
    assertThatIllegalArgumentException().isThrownBy(() -> StickySource.parse(wireName));
  }

  @Test
  void keyOf_readsTheNamedPart() {
    TestRequest request =
        TestRequest.get("/")
            .withHeader("x-user-id", "u-1")
            .withCookie("session", "s-1")
            .withQueryParam("user", "q-1")
            .withRemoteAddress("203.0.113.7");

    assertThat(StickySource.parse("header:X-User-Id").keyOf(request)).isEqualTo("u-1");
    assertThat(StickySource.parse("cookie:session").keyOf(request)).isEqualTo("s-1");
    assertThat(StickySource.parse("query:user").keyOf(request)).isEqualTo("q-1");
    assertThat(StickySource.parse("ip").keyOf(request)).isEqualTo("203.0.113.7");
  }

  @Test
  void keyOf_blankValue_isNoKey() {
    TestRequest request = TestRequest.get("/").withHeader("X-User-Id", "  ");

    assertThat(StickySource.parse("header:X-User-Id").keyOf(request)).isNull();
    assertThat(StickySource.parse("cookie:session").keyOf(request)).isNull();
  }
}
