package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathPolicyTest {

  private static final PathPolicy STRICT = PathPolicy.ofDefaults();

  private static final PathPolicy SERVLET =
      PathPolicy.builder().allowedParameters(List.of("JSESSIONID")).build();

  private static final PathPolicy SLASHES = PathPolicy.builder().allowEncodedSlash(true).build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "/",
        "/api/orders/42",
        "/api/orders/42/",
        "/api/orders/a.b",
        "/api/.well-known/x",
        "/api/..a/x",
        "/api/a..b",
        "/api/%2Ea",
        "/api/%41%7e%7E",
        "/api/caf%C3%A9",
        "/api/caf%E9",
        "/api/%C0",
        "/api/%E2%82%AC",
        "/api/~user/!$&'()*+,=:@",
        "/api/%3a%40"
      })
  void strict_accepts(String path) {
    assertThat(STRICT.check(path)).isSameAs(PathVerdict.accepted());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/public/..;/secure/x             | DOT_SEGMENT",
        "/api/public/../secure/x              | DOT_SEGMENT",
        "/api/public/./x                      | DOT_SEGMENT",
        "/api/public/..                       | DOT_SEGMENT",
        "/api/public/.                        | DOT_SEGMENT",
        "/..                                  | DOT_SEGMENT",
        "/api/public/%2e%2e/secure/x          | DOT_SEGMENT",
        "/api/public/%2E%2e/secure/x          | DOT_SEGMENT",
        "/api/public/.%2E/secure/x            | DOT_SEGMENT",
        "/api/public/%2e/secure/x             | DOT_SEGMENT",
        "/api/public/%EF%BC%8E%EF%BC%8E/x     | DOT_SEGMENT",
        "/api/public/%E2%80%A5/x              | DOT_SEGMENT",
        "/api/public/%E2%80%A4/x              | DOT_SEGMENT",
        "/api/secure./x                       | TRAILING_DOT",
        "/api/public/.../x                    | TRAILING_DOT",
        "/api/secure%2E/x                     | TRAILING_DOT",
        "/api//secure/x                       | EMPTY_SEGMENT",
        "//api/secure/x                       | EMPTY_SEGMENT",
        "/api/public/..%2Fsecure/x            | ENCODED_SLASH",
        "/api/public%2f..%2fsecure/x          | ENCODED_SLASH",
        "/api/public/%EF%BC%8F/x              | ENCODED_SLASH",
        "/api/public/..%5Csecure/x            | BACKSLASH",
        "/api/public/..\\secure/x             | BACKSLASH",
        "/api/public/%252e%252e/secure/x      | ENCODED_PERCENT",
        "/api/public/%25/x                    | ENCODED_PERCENT",
        "/api/secure;jsessionid=1/x           | PATH_PARAMETER",
        "/api/secure%3Bx=1/x                  | PATH_PARAMETER",
        "/api/secure;/x                       | PATH_PARAMETER",
        "/api/public/%00/x                    | CONTROL_CHARACTER",
        "/api/public/%0d%0aX-Evil:1           | CONTROL_CHARACTER",
        "/api/public/%7F                      | CONTROL_CHARACTER",
        "/api/public/%C2%85                   | CONTROL_CHARACTER",
        "/api/public/a b                      | INVALID_CHARACTER",
        "/api/public/a<b                      | INVALID_CHARACTER",
        "/api/public/caf\u00e9                | INVALID_CHARACTER",
        "/api/public/%                        | MALFORMED_ENCODING",
        "/api/public/%2                       | MALFORMED_ENCODING",
        "/api/public/%zz                      | MALFORMED_ENCODING",
        "/api/public/%C0%AE%C0%AE/secure/x    | OVERLONG_UTF8",
        "/api/public/%C0%AF                   | OVERLONG_UTF8",
        "/api/public/%E0%80%AE                | OVERLONG_UTF8",
        "/api/public/%F0%80%80%AE             | OVERLONG_UTF8"
      })
  void strict_refuses(String path, PathRefusal reason) {
    PathVerdict verdict = STRICT.check(path);

    assertThat(verdict.isAccepted()).isFalse();
    assertThat(verdict.refusal()).isEqualTo(reason);
    assertThat(verdict).isSameAs(PathVerdict.refused(reason));
  }

  @Test
  void strict_refusesRawControlCharacters() {
    assertThat(STRICT.check("/api/a\u0000b").refusal()).isEqualTo(PathRefusal.CONTROL_CHARACTER);
    assertThat(STRICT.check("/api/a\tb").refusal()).isEqualTo(PathRefusal.CONTROL_CHARACTER);
    assertThat(STRICT.check("/api/a\u007fb").refusal()).isEqualTo(PathRefusal.CONTROL_CHARACTER);
  }

  @Test
  void longPath_ofManySegments_isCheckedToItsLastSegment() {
    String path = "/a".repeat(4000);

    assertThat(STRICT.check(path)).isSameAs(PathVerdict.accepted());
    assertThat(STRICT.check(path + "/..").refusal()).isEqualTo(PathRefusal.DOT_SEGMENT);
    assertThat(SERVLET.check(path + ";jsessionid=1")).isSameAs(PathVerdict.accepted());
    assertThat(SERVLET.check(path + ";x=1").refusal()).isEqualTo(PathRefusal.PATH_PARAMETER);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/shop/cart;jsessionid=ABC123",
        "/shop/cart;JSESSIONID=ABC123/items",
        "/shop;jsessionid=1/cart",
        "/shop/cart/;jsessionid=1"
      })
  void allowedParameter_isAccepted(String path) {
    assertThat(SERVLET.check(path)).isSameAs(PathVerdict.accepted());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/shop/..;jsessionid=1/admin          | DOT_SEGMENT",
        "/shop/.;jsessionid=1                 | DOT_SEGMENT",
        "/shop/cart;jsessionid=1;other=2      | PATH_PARAMETER",
        "/shop/cart;other=2                   | PATH_PARAMETER",
        "/shop/cart;jsessionid=1;             | PATH_PARAMETER",
        "/shop/cart;jsessionidx=1             | PATH_PARAMETER",
        "/shop/cart%3Bjsessionid=1            | PATH_PARAMETER",
        "/shop/;jsessionid=1/cart             | EMPTY_SEGMENT",
        "/shop/cart;jsessionid=%2e%2e%2fx     | ENCODED_SLASH",
        "/shop/cart;jsessionid=%25            | ENCODED_PERCENT",
        "/shop/cart;jsessionid=a%00           | CONTROL_CHARACTER"
      })
  void allowedParameter_segmentStillChecked(String path, PathRefusal reason) {
    assertThat(SERVLET.check(path).refusal()).isEqualTo(reason);
  }

  @Test
  void allowedEncodedSlash_givesThePathWithSlashesDecoded() {
    PathVerdict verdict = SLASHES.check("/files/a%2Fb%2fc");

    assertThat(verdict.isAccepted()).isTrue();
    assertThat(verdict.slashDecodedPath()).isEqualTo("/files/a/b/c");
    assertThat(SLASHES.check("/files/a")).isSameAs(PathVerdict.accepted());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/public/..%2Fsecure/x            | DOT_SEGMENT",
        "/api/public/a%2F.%2Fb                | DOT_SEGMENT",
        "/api/public%2F%2Fsecure              | EMPTY_SEGMENT",
        "/api/%2Fsecure                       | EMPTY_SEGMENT",
        "/api/a.%2Fb                          | TRAILING_DOT",
        "/api/a%5Cb                           | BACKSLASH",
        "/api/a;x=%2F                         | PATH_PARAMETER"
      })
  void allowedEncodedSlash_piecesStillChecked(String path, PathRefusal reason) {
    assertThat(SLASHES.check(path).refusal()).isEqualTo(reason);
  }

  @Test
  void allowedEncodedSlash_trailingEncodedSlash_isATrailingSlash() {
    assertThat(SLASHES.check("/files/a%2F").slashDecodedPath()).isEqualTo("/files/a/");
  }

  @Test
  void allowedEncodedSlash_refusedWhenTheTwoReadingsPickDifferentRoutes() {
    Router router =
        Router.of(
            Fixtures.rules(
                """
                legacy: http://legacy:8080
                routes:
                  - id: files
                    paths: [/files/*]
                    modern: http://modern:8080
                    mode: modern
                  - id: deep
                    paths: [/files/a/**]
                    modern: http://modern:8080
                    mode: legacy
                """),
            java.util.Map.of(),
            SegmentPathMatcherFactory.INSTANCE,
            new ScriptedRandom(),
            null);

    assertThat(SLASHES.check(TestRequest.get("/files/a%2Fb"), router).refusal())
        .isEqualTo(PathRefusal.ENCODED_SLASH);
    assertThat(SLASHES.check(TestRequest.get("/other/a%2Fb"), router).slashDecodedPath())
        .isEqualTo("/other/a/b");
    assertThat(SLASHES.check(TestRequest.get("/files/a"), router)).isSameAs(PathVerdict.accepted());
    assertThat(STRICT.check(TestRequest.get("/files/a%2Fb"), router).refusal())
        .isEqualTo(PathRefusal.ENCODED_SLASH);
  }

  @Test
  void builder_nothingAllowed_givesTheDefaults() {
    assertThat(PathPolicy.builder().allowedParameters(List.of()).build())
        .isSameAs(PathPolicy.ofDefaults());
    assertThat(SERVLET.allowedParameters()).containsExactly("jsessionid");
    assertThat(SERVLET.allowsEncodedSlash()).isFalse();
    assertThat(SLASHES.allowsEncodedSlash()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a=b", "a;b", "a b", "%6A"})
  void builder_badParameterName_namesIt(String name) {
    assertThatThrownBy(() -> PathPolicy.builder().allowedParameters(List.of("ok", name)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "allowed-parameters[1]: "
                + name
                + " (expected: a parameter name of letters, digits, '.', '_' or '-', e.g."
                + " jsessionid)");
  }

  @Test
  void verdict_refusedWithADecodedPath_isInvalid() {
    assertThatThrownBy(() -> new PathVerdict(PathRefusal.DOT_SEGMENT, "/a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusal_tagsAreLowerCaseNames() {
    assertThat(PathRefusal.DOT_SEGMENT.tag()).isEqualTo("dot_segment");
    assertThat(PathRefusal.OVERLONG_UTF8.description()).doesNotContain("%C0");
  }
}
