package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Methods, RFC 9110 tokens (header and cookie names) and backend URIs. */
class HttpSyntaxTest {

  /** Every tchar of RFC 9110 section 5.6.2, the ends of each range included. */
  @ParameterizedTest
  @ValueSource(
      strings = {"a", "z", "A", "Z", "0", "9", "X-User-Id", "!#$%&'*+-.^_`|~", "session_2", "aZ09"})
  void isToken_tokenCharacters_accepted(String name) {
    assertThat(HttpSyntax.isToken(name)).isTrue();
  }

  /** The neighbours of the letter and digit ranges, separators, space, controls, non-ASCII. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "@", "[", "{", "/", ":", "a b", "a\tb", "x(y)", "<x>", "a,b", "a;b", "a=b", "\"q\"",
        "\\", "?", "é", "\u007f"
      })
  void isToken_otherCharacters_refused(String name) {
    assertThat(HttpSyntax.isToken(name)).as("%s", name).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"get", " Post ", "DELETE", "options", "TRACE"})
  void method_anyCaseAndSpace_isUpperCased(String method) {
    assertThat(HttpSyntax.method(method)).isEqualTo(method.strip().toUpperCase());
  }

  @ParameterizedTest
  @ValueSource(strings = {"BREW", "CONNECT", "", "GET POST"})
  void method_notARouteMethod_isNull(String method) {
    assertThat(HttpSyntax.method(method)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://legacy:8080",
        "https://modern.example",
        "HTTP://Legacy:80",
        "http://[::1]:8080",
        " http://legacy:8080 "
      })
  void parseBackend_absoluteHttpUriWithAHost_isABackend(String text) {
    assertThat(HttpSyntax.parseBackend(text)).isEqualTo(URI.create(text.strip()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "legacy:8080",
        "ftp://legacy",
        "http:/legacy",
        "http://user@legacy:8080",
        "http://legacy/api",
        "http://legacy?x=1",
        "http://legacy#top",
        "http://legacy//",
        "http://exa mple",
        "/relative"
      })
  void parseBackend_notABackend_isNull(String text) {
    assertThat(HttpSyntax.parseBackend(text)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://legacy:8080/", "http://legacy/"})
  void parseBackend_loneTrailingSlash_isDropped(String text) {
    assertThat(HttpSyntax.parseBackend(text))
        .isEqualTo(URI.create(text.substring(0, text.length() - 1)));
  }
}
