package dev.strangler.gateway.progress;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplatesTest {

  @ParameterizedTest
  @CsvSource({
    "/api/users/42, /api/users/{id}",
    "/api/users/42/orders/7, /api/users/{id}/orders/{id}",
    "/api/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301/cart, /api/users/{id}/cart",
    "/api/users/3F2504E0-4F89-11D3-9A0C-0305E82C3301, /api/users/{id}",
    "/blobs/5f3a9c21e4b0aa17c2d4e6f8, /blobs/{id}",
    "/blobs/9c21e4b0, /blobs/{id}",
    "/about/facade, /about/facade",
    "/about/deadbeef, /about/deadbeef",
    "/about/a1b2c3, /about/a1b2c3",
    "/v2/items, /v2/items",
    "/home;jsessionid=ABC123, /home",
    "/api/users/42/, /api/users/{id}/",
    "/, /",
    "'', ''",
    "/api//x, /api//x",
    "/api/users/3f2504e0-4f89-11d3-9a0c-0305e82c330z,"
        + " /api/users/3f2504e0-4f89-11d3-9a0c-0305e82c330z"
  })
  void template_foldsIdSegments(String path, String template) {
    assertThat(PathTemplates.template(path)).isEqualTo(template);
  }

  @ParameterizedTest
  @CsvSource({
    "/api/users/42, /api/users/7",
    "/api/users/3f2504e0-4f89-11d3-9a0c-0305e82c3301, /api/users/1",
    "/x/5f3a9c21e4b0aa17c2d4e6f8/y, /x/0011223344/y",
    "/home;jsessionid=ABC, /home"
  })
  void hash_sameTemplate_sameHash(String one, String other) {
    assertThat(PathTemplates.hash(one)).isEqualTo(PathTemplates.hash(other));
  }

  @ParameterizedTest
  @CsvSource({"/api/users/42, /api/user/42", "/a/b, /a/b/", "/api/x, /api/{id}x"})
  void hash_otherTemplate_otherHash(String one, String other) {
    assertThat(PathTemplates.hash(one)).isNotEqualTo(PathTemplates.hash(other));
  }

  @ParameterizedTest
  @CsvSource({"300", "1000", "8000"})
  void longPath_readUpToTheBound_andMarked(int length) {
    String path = "/" + "a".repeat(length);

    String template = PathTemplates.template(path);

    assertThat(template).hasSize(PathTemplates.MAX_PATH_CHARS + 1).endsWith("…");
    assertThat(PathTemplates.hash(path))
        .isEqualTo(PathTemplates.hash(path.substring(0, PathTemplates.MAX_PATH_CHARS + 1)));
  }

  @Property(tries = 500)
  void hash_isTheHashOfTheTemplate_whateverThePath(@ForAll @StringLength(max = 300) String path) {
    String template = PathTemplates.template(path);

    assertThat(PathTemplates.hash(path)).isNotZero();
    if (path.length() <= PathTemplates.MAX_PATH_CHARS) {
      assertThat(PathTemplates.template(template)).isEqualTo(template);
      assertThat(PathTemplates.hash(template)).isEqualTo(PathTemplates.hash(path));
    }
  }
}
